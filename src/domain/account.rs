//! Account-related values, parsed on construction: an `Email` is normalized and plausible,
//! a `Password` has an acceptable length, a `Role` is one of the four.

use std::fmt;

/// Why a value was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid(pub String);

/// A normalized e-mail address: trimmed and lower-cased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let email = raw.trim().to_lowercase();
        if email.len() > 254 {
            return Err(Invalid("is longer than 254 characters".into()));
        }
        let Some((local, domain)) = email.split_once('@') else {
            return Err(Invalid(format!("'{email}' is not an e-mail address")));
        };
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..");
        let chars_ok = email
            .chars()
            .all(|c| !c.is_whitespace() && !c.is_control() && c != '<' && c != '>');
        if local.is_empty() || local.len() > 64 || !domain_ok || !chars_ok || domain.contains('@') {
            return Err(Invalid(format!("'{email}' is not an e-mail address")));
        }
        Ok(Email(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A password of 12 to 128 characters.
#[derive(Clone)]
pub struct Password(String);

impl Password {
    pub const MIN: usize = 12;
    pub const MAX: usize = 128;

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let n = raw.chars().count();
        if n < Self::MIN {
            return Err(Invalid(format!(
                "must be at least {} characters (got {n})",
                Self::MIN
            )));
        }
        if n > Self::MAX {
            return Err(Invalid(format!(
                "must be at most {} characters (got {n})",
                Self::MAX
            )));
        }
        Ok(Password(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

/// A display name: 1 to 80 characters after trimming, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        parse_name(raw, 80).map(DisplayName)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A trimmed name of 1 to `max` characters without control characters.
pub fn parse_name(raw: &str, max: usize) -> Result<String, Invalid> {
    let name = raw.trim();
    let n = name.chars().count();
    if n == 0 {
        return Err(Invalid("must not be empty".into()));
    }
    if n > max {
        return Err(Invalid(format!(
            "must be at most {max} characters (got {n})"
        )));
    }
    if name.chars().any(char::is_control) {
        return Err(Invalid("must not contain control characters".into()));
    }
    Ok(name.to_owned())
}

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Admin,
    Instructor,
    Trainee,
    Employer,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Admin, Role::Instructor, Role::Trainee, Role::Employer];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "ADMIN",
            Role::Instructor => "INSTRUCTOR",
            Role::Trainee => "TRAINEE",
            Role::Employer => "EMPLOYER",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(raw.trim()))
            .ok_or_else(|| Invalid(format!("'{raw}' is not a role")))
    }
}

/// What kind of organization owns users and content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrgKind {
    Platform,
    School,
    Employer,
}

impl OrgKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::Platform => "PLATFORM",
            OrgKind::School => "SCHOOL",
            OrgKind::Employer => "EMPLOYER",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        [OrgKind::Platform, OrgKind::School, OrgKind::Employer]
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(raw.trim()))
            .ok_or_else(|| Invalid(format!("'{raw}' is not an organization kind")))
    }
}

/// A URL-safe slug made from a name: lower-case ASCII letters, digits and dashes.
pub fn slugify(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').chars().take(60).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalized_and_checked() {
        let cases = [
            ("  Ada@Example.ORG ", Some("ada@example.org")),
            ("a.b+c@school.edu", Some("a.b+c@school.edu")),
            ("no-at-sign", None),
            ("@example.org", None),
            ("a@localhost", None),
            ("a@b@c.org", None),
            ("a b@c.org", None),
            ("a@.org", None),
            ("a@x..org", None),
        ];
        for (raw, want) in cases {
            assert_eq!(
                Email::parse(raw).ok().map(|e| e.0),
                want.map(String::from),
                "{raw}"
            );
        }
    }

    #[test]
    fn passwords_must_be_12_to_128_characters() {
        assert!(Password::parse("short-pass1").is_err()); // 11
        assert!(Password::parse("exactly12chr").is_ok());
        assert!(Password::parse(&"é".repeat(128)).is_ok()); // counted in characters
        assert!(Password::parse(&"x".repeat(129)).is_err());
    }

    #[test]
    fn roles_and_kinds_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Ok(r));
        }
        assert_eq!(Role::parse("trainee"), Ok(Role::Trainee));
        assert!(Role::parse("ROOT").is_err());
        assert_eq!(OrgKind::parse("school"), Ok(OrgKind::School));
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(DisplayName::parse("  Ada  ").map(|d| d.0), Ok("Ada".into()));
        assert!(DisplayName::parse("   ").is_err());
        assert!(DisplayName::parse(&"x".repeat(81)).is_err());
        assert!(DisplayName::parse("a\u{0}b").is_err());
        assert_eq!(
            slugify("Riverside Coding Academy!"),
            "riverside-coding-academy"
        );
    }
}
