//! A guard against real patient data: text that looks like a Social Security number, an
//! e-mail address outside example domains, or a phone number outside the fictional 555-01xx
//! range is reported, so a case with it cannot be published.

use regex::Regex;
use std::sync::OnceLock;

/// Something in a text that looks like a real identifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub kind: &'static str,
    pub text: String,
}

struct Patterns {
    ssn: Regex,
    email: Regex,
    phone: Regex,
}

fn patterns() -> Option<&'static Patterns> {
    static P: OnceLock<Option<Patterns>> = OnceLock::new();
    P.get_or_init(|| {
        Some(Patterns {
            ssn: Regex::new(r"\b\d{3}-\d{2}-\d{4}\b").ok()?,
            email: Regex::new(r"[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+\.)+[A-Za-z]{2,}").ok()?,
            phone: Regex::new(r"\(?\b\d{3}\)?[-. ]?\d{3}[-. ]\d{4}\b").ok()?,
        })
    })
    .as_ref()
}

fn fictional_email(e: &str) -> bool {
    let domain = e.rsplit('@').next().unwrap_or("").to_ascii_lowercase();
    ["example.org", "example.com", "example.net"]
        .iter()
        .any(|d| domain == *d || domain.ends_with(&format!(".{d}")))
        || domain.ends_with(".test")
        || domain.ends_with(".example")
}

fn fictional_phone(p: &str) -> bool {
    let digits: String = p.chars().filter(char::is_ascii_digit).collect();
    digits.len() == 10 && &digits[3..6] == "555" && &digits[6..8] == "01"
}

/// Everything in `text` that looks like a real identifier.
pub fn scan(text: &str) -> Vec<Finding> {
    let Some(p) = patterns() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for m in p.ssn.find_iter(text) {
        out.push(Finding {
            kind: "SSN",
            text: m.as_str().to_owned(),
        });
    }
    for m in p.email.find_iter(text) {
        if !fictional_email(m.as_str()) {
            out.push(Finding {
                kind: "EMAIL",
                text: m.as_str().to_owned(),
            });
        }
    }
    for m in p.phone.find_iter(text) {
        if !fictional_phone(m.as_str()) && !p.ssn.is_match(m.as_str()) {
            out.push(Finding {
                kind: "PHONE",
                text: m.as_str().to_owned(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_looking_identifiers_are_found_and_fictional_ones_pass() {
        let found =
            scan("SSN 123-45-6789, mail jo@gmail.com, call (503) 481-2290 or 503.481.2290.");
        let kinds: Vec<_> = found.iter().map(|f| f.kind).collect();
        assert_eq!(kinds, vec!["SSN", "EMAIL", "PHONE", "PHONE"], "{found:?}");
        assert!(
            scan("Write to nurse@clinic.example.org or pt@demo.test; call 503-555-0142.")
                .is_empty()
        );
        assert!(
            scan("BP 128/82, HR 72, A1c 7.9 %, lesion 1.2 cm, NPI 1234567893, 2026-03-12")
                .is_empty()
        );
    }
}
