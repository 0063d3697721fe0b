//! Fuzzes the import parsers `practicum::domain::codes::import::{parse_hcpcs, parse_cpt,
//! parse_ptp, parse_mue}`: every input (bytes made UTF-8 with `from_utf8_lossy`, so invalid
//! bytes become the 3-byte U+FFFD) goes through all four.
//!
//! Proves each parser returns `Ok` or `Err` and never panics, and that what it accepts has the
//! shape its doc promises:
//! - `Ok` is never empty, an `Err` points at line 0 (nothing found) or a line of the text;
//! - HCPCS: codes are upper-case ASCII letters and digits, a procedure code (not a modifier)
//!   is 5 characters starting with a letter;
//! - CPT: 5-character codes (5 digits, or 4 digits and F/T/U/M), a non-empty trimmed descriptor;
//! - PTP: both columns are 5 upper-case ASCII letters or digits, the modifier indicator is 0, 1
//!   or 9;
//! - MUE: a 5-character code and an adjudication indicator of 1, 2 or 3.

#![no_main]

use libfuzzer_sys::fuzz_target;
use practicum::domain::codes::import::{ImportError, parse_cpt, parse_hcpcs, parse_mue, parse_ptp};

fn upper_alnum(code: &str) -> bool {
    code.bytes()
        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

fn check_err(e: &ImportError, lines: usize) {
    assert!(e.line <= lines, "error line {} of {lines}: {e}", e.line);
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let lines = text.lines().count();

    match parse_hcpcs(&text) {
        Ok(rows) => {
            assert!(!rows.is_empty());
            for r in &rows {
                assert!(!r.code.is_empty() && upper_alnum(&r.code), "{r:?}");
                if !r.modifier {
                    assert!(r.code.len() == 5, "{r:?}");
                }
            }
        }
        Err(e) => check_err(&e, lines),
    }

    match parse_cpt(&text) {
        Ok(rows) => {
            assert!(!rows.is_empty());
            for (code, desc) in &rows {
                let b = code.as_bytes();
                assert!(b.len() == 5, "{code:?}");
                assert!(b[..4].iter().all(u8::is_ascii_digit), "{code:?}");
                assert!(b[4].is_ascii_digit() || b"FTUM".contains(&b[4]), "{code:?}");
                assert!(!desc.is_empty() && desc.trim() == desc, "{desc:?}");
            }
        }
        Err(e) => check_err(&e, lines),
    }

    match parse_ptp(&text) {
        Ok(rows) => {
            assert!(!rows.is_empty());
            for r in &rows {
                for c in [&r.column1, &r.column2] {
                    assert!(c.len() == 5 && upper_alnum(c), "{r:?}");
                }
                assert!(matches!(r.modifier_indicator, 0 | 1 | 9), "{r:?}");
            }
        }
        Err(e) => check_err(&e, lines),
    }

    match parse_mue(&text) {
        Ok(rows) => {
            assert!(!rows.is_empty());
            for r in &rows {
                assert!(r.code.len() == 5 && upper_alnum(&r.code), "{r:?}");
                assert!((1..=3).contains(&r.mai), "{r:?}");
            }
        }
        Err(e) => check_err(&e, lines),
    }
});
