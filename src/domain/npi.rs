//! National Provider Identifier: ten digits, the last a Luhn check digit computed over the
//! prefix 80840 followed by the first nine.

use super::account::Invalid;

/// A valid NPI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Npi(String);

impl Npi {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let s = raw.trim();
        if s.len() != 10 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Invalid(format!("'{s}' is not 10 digits")));
        }
        if check_digit(&s[..9]) != s.as_bytes()[9] - b'0' {
            return Err(Invalid(format!("'{s}' fails the NPI check digit")));
        }
        Ok(Npi(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The Luhn check digit of "80840" + the nine digits.
pub fn check_digit(first_nine: &str) -> u8 {
    let digits = format!("80840{first_nine}");
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 0 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn npis_are_checked() {
        assert!(Npi::parse("1234567893").is_ok(), "the CMS example");
        assert!(Npi::parse("1234567890").is_err());
        assert!(Npi::parse("123456789").is_err());
        assert!(Npi::parse("12345678a3").is_err());
        assert_eq!(check_digit("123456789"), 3);
    }
}
