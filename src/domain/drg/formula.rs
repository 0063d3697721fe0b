//! The definitions' formula language: `&` (and), `|` (or), `~` (not), parentheses, and atoms
//! naming code attributes — bare or `ANY:` (any code has it), `PDX:` (the principal
//! diagnosis has it), `SDX:` (a secondary diagnosis has it), `ONLY:` (see `mask.rs`) — or the
//! claim's CC/MCC level (`MCC`, `CC`), which is worked out formula by formula.

use super::Severity;
use super::mask::Mask;
use super::tables::Tables;

/// Where an attribute must come from for an atom to hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u32)]
pub enum Prefix {
    Any = 0,
    Pdx = 1,
    Sdx = 2,
    Only = 3,
}

pub fn key_of(prefix: Prefix, attr: u16) -> u32 {
    (prefix as u32) << 16 | attr as u32
}

#[derive(Debug)]
pub enum Expr {
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Key(u32),
    Severity(Severity),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Token<'a> {
    Open,
    Close,
    And,
    Or,
    Not,
    Atom(&'a str),
}

fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let t = match bytes[i] {
            b' ' | b'\t' => None,
            b'(' => Some(Token::Open),
            b')' => Some(Token::Close),
            b'&' => Some(Token::And),
            b'|' => Some(Token::Or),
            b'~' => Some(Token::Not),
            _ => {
                let start = i;
                while i < bytes.len() && !b" \t()&|~".contains(&bytes[i]) {
                    i += 1;
                }
                out.push(Token::Atom(&text[start..i]));
                continue;
            }
        };
        out.extend(t);
        i += 1;
    }
    out
}

struct Parser<'a, 't> {
    tokens: Vec<Token<'a>>,
    pos: usize,
    tables: &'t mut Tables,
}

impl Parser<'_, '_> {
    fn peek(&self) -> Option<Token<'_>> {
        self.tokens.get(self.pos).copied()
    }

    fn or(&mut self) -> Result<Expr, String> {
        let mut left = self.and()?;
        while self.peek() == Some(Token::Or) {
            self.pos += 1;
            left = Expr::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, String> {
        let mut left = self.factor()?;
        while self.peek() == Some(Token::And) {
            self.pos += 1;
            left = Expr::And(Box::new(left), Box::new(self.factor()?));
        }
        Ok(left)
    }

    fn factor(&mut self) -> Result<Expr, String> {
        let token = self
            .tokens
            .get(self.pos)
            .copied()
            .ok_or("formula ends early")?;
        self.pos += 1;
        match token {
            Token::Not => Ok(Expr::Not(Box::new(self.factor()?))),
            Token::Open => {
                let inner = self.or()?;
                if self.peek() != Some(Token::Close) {
                    return Err("missing ')'".into());
                }
                self.pos += 1;
                Ok(inner)
            }
            Token::Atom("MCC") => Ok(Expr::Severity(Severity::Mcc)),
            Token::Atom("CC") => Ok(Expr::Severity(Severity::Cc)),
            Token::Atom(atom) => {
                let (prefix, name) = match atom.split_once(':') {
                    Some(("PDX", n)) => (Prefix::Pdx, n),
                    Some(("SDX", n)) => (Prefix::Sdx, n),
                    Some(("ONLY", n)) => (Prefix::Only, n),
                    Some(("ANY", n)) => (Prefix::Any, n),
                    Some((p, _)) => return Err(format!("unknown prefix '{p}'")),
                    None => (Prefix::Any, atom),
                };
                Ok(Expr::Key(key_of(prefix, self.tables.intern(name))))
            }
            t => Err(format!("unexpected {t:?}")),
        }
    }
}

pub fn parse(text: &str, tables: &mut Tables) -> Result<Expr, String> {
    let mut p = Parser {
        tokens: tokens(text),
        pos: 0,
        tables,
    };
    let expr = p.or().map_err(|e| format!("formula '{text}': {e}"))?;
    if p.pos != p.tokens.len() {
        return Err(format!("formula '{text}': trailing input"));
    }
    Ok(expr)
}

impl Expr {
    /// Whether the formula holds for the claim's attributes as seen from `mdc`, at CC/MCC level
    /// `severity`.
    pub fn holds(&self, mask: &Mask, mdc: u8, severity: Severity) -> bool {
        match self {
            Expr::And(a, b) => a.holds(mask, mdc, severity) && b.holds(mask, mdc, severity),
            Expr::Or(a, b) => a.holds(mask, mdc, severity) || b.holds(mask, mdc, severity),
            Expr::Not(a) => !a.holds(mask, mdc, severity),
            Expr::Key(k) => mask.has(*k, mdc),
            Expr::Severity(s) => *s == severity,
        }
    }

    /// The attribute keys that made a holding formula hold (the parts of a `|` that held, both
    /// sides of a `&`; nothing under a `~`).
    pub fn reasons(&self, mask: &Mask, mdc: u8, severity: Severity, out: &mut Vec<u32>) {
        match self {
            Expr::And(a, b) => {
                a.reasons(mask, mdc, severity, out);
                b.reasons(mask, mdc, severity, out);
            }
            Expr::Or(a, b) => {
                for side in [a, b] {
                    if side.holds(mask, mdc, severity) {
                        side.reasons(mask, mdc, severity, out);
                    }
                }
            }
            Expr::Key(k) if mask.has(*k, mdc) => out.push(*k),
            _ => {}
        }
    }
}
