//! Fuzzes `practicum::domain::codes::{System::parse, normalize, display}` with arbitrary UTF-8.
//!
//! Proves, for every input and every `System`:
//! - `System::parse` and `normalize` never panic; `System::parse` accepts only a system's
//!   name (ASCII case-insensitive);
//! - a normalized code is non-empty, at most the system's length, upper-case ASCII letters and
//!   digits only;
//! - `normalize` is idempotent: normalizing a normalized code gives it back;
//! - `display` of a normalized code never panics and normalizes back to the same code
//!   (ICD-10-CM gets its dot after the third character, other systems are unchanged);
//! - `normalize` ignores ASCII case: the lower-cased input normalizes to the same code.
//!
//! `display` is only fed normalized codes: that is its contract (every caller in the crate
//! normalizes first), and on arbitrary non-ASCII text it would slice inside a character.

#![no_main]

use libfuzzer_sys::fuzz_target;
use practicum::domain::codes::{System, display, normalize};

/// The longest code of each system (a copy of the private `System::max_len`).
fn max_len(system: System) -> usize {
    match system {
        System::Icd10Cm | System::Icd10Pcs => 7,
        System::Cpt | System::Hcpcs => 5,
        System::Modifier | System::Pos | System::CasGroup => 2,
        System::MsDrg => 3,
        System::Carc | System::Rarc => 6,
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(raw) = std::str::from_utf8(data) else {
        return;
    };

    if let Ok(system) = System::parse(raw) {
        assert!(system.as_str().eq_ignore_ascii_case(raw), "{raw:?}");
    }

    for system in System::ALL {
        assert_eq!(System::parse(system.as_str()).ok(), Some(system));

        let result = normalize(system, raw);
        assert_eq!(
            normalize(system, &raw.to_ascii_lowercase()).ok(),
            result.as_ref().ok().cloned(),
            "{system:?} {raw:?}: case changed the result"
        );
        let Ok(code) = result else {
            continue;
        };

        assert!(!code.is_empty(), "{system:?} {raw:?}");
        assert!(
            code.len() <= max_len(system),
            "{system:?} {raw:?} -> {code:?}"
        );
        assert!(
            code.bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()),
            "{system:?} {raw:?} -> {code:?}"
        );

        let again = normalize(system, &code);
        assert_eq!(
            again.as_ref().ok(),
            Some(&code),
            "{system:?}: not idempotent"
        );

        let shown = display(system, &code);
        if system != System::Icd10Cm {
            assert_eq!(shown, code, "{system:?}: display changed the code");
        }
        assert_eq!(
            normalize(system, &shown).ok().as_ref(),
            Some(&code),
            "{system:?} {code:?}: display {shown:?} does not normalize back"
        );
    }
});
