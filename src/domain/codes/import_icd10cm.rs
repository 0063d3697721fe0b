//! Parsers for the CMS ICD-10-CM release files: the code order file (`icd10cm_order_YYYY.txt`,
//! fixed width) and the tabular XML (`icd10cm_tabular_YYYY.xml`). Both give every code of the
//! release, headers included, with its title; the XML's codes that need a 7th character are
//! expanded from the `sevenChrDef` in force (placeholder `X` up to the sixth character), as
//! the order file lists them.

use super::import::ImportError;

/// One code of a release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Icd10CmRow {
    /// Undotted, upper case.
    pub code: String,
    pub billable: bool,
    pub short_description: String,
    pub description: String,
}

fn err(line: usize, message: impl Into<String>) -> ImportError {
    ImportError {
        line,
        message: message.into(),
    }
}

/// Either release format, told apart by its first non-blank character (`<` for XML).
pub fn parse_icd10cm(text: &str) -> Result<Vec<Icd10CmRow>, ImportError> {
    let text = text.trim_start_matches('\u{feff}');
    if text.trim_start().starts_with('<') {
        parse_tabular_xml(text)
    } else {
        parse_order_file(text)
    }
}

fn valid_code(code: &str) -> bool {
    (3..=7).contains(&code.len())
        && code.as_bytes()[0].is_ascii_uppercase()
        && code.chars().all(|c| c.is_ascii_alphanumeric())
}

/// The order file: order number (1–5), code (7–13), 0 header / 1 billable (15), short
/// description (17–76), long description (78–). Blank lines are skipped.
pub fn parse_order_file(text: &str) -> Result<Vec<Icd10CmRow>, ImportError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let chars: Vec<char> = line.chars().collect();
        let field = |from: usize, to: usize| -> String {
            chars
                .get(from - 1..to.min(chars.len()))
                .map(|s| s.iter().collect::<String>())
                .unwrap_or_default()
                .trim()
                .to_owned()
        };
        let order = field(1, 5);
        if order.len() != 5 || !order.chars().all(|c| c.is_ascii_digit()) {
            return Err(err(n, "expected a 5-digit order number in columns 1–5"));
        }
        let code = field(7, 13).to_ascii_uppercase();
        if !valid_code(&code) {
            return Err(err(n, format!("'{code}' is not an ICD-10-CM code")));
        }
        let billable = match field(15, 15).as_str() {
            "0" => false,
            "1" => true,
            other => {
                return Err(err(
                    n,
                    format!("{code}: header flag '{other}' is not 0 or 1"),
                ));
            }
        };
        let short = field(17, 76);
        let long = if chars.len() >= 78 {
            field(78, chars.len())
        } else {
            String::new()
        };
        if short.is_empty() && long.is_empty() {
            return Err(err(n, format!("{code} has no title")));
        }
        out.push(Icd10CmRow {
            code,
            billable,
            short_description: if short.is_empty() {
                long.clone()
            } else {
                short.clone()
            },
            description: if long.is_empty() { short } else { long },
        });
    }
    if out.is_empty() {
        return Err(err(0, "no codes found (expected the CMS order file)"));
    }
    Ok(out)
}

/// A tag or a text run of the XML.
enum Token<'a> {
    Open(&'a str, &'a str),
    Close(&'a str),
    Text(&'a str),
}

/// Splits XML into tags and text; declarations, comments and processing instructions are
/// skipped. Self-closing tags give an Open and a Close.
fn tokens(text: &str) -> Result<Vec<(usize, Token<'_>)>, ImportError> {
    let mut out = Vec::new();
    let mut rest = text;
    let mut line = 1usize;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            out.push((line, Token::Text(rest)));
            break;
        };
        if lt > 0 {
            out.push((line, Token::Text(&rest[..lt])));
            line += rest[..lt].matches('\n').count();
        }
        rest = &rest[lt..];
        let end_marker = if rest.starts_with("<!--") {
            "-->"
        } else if rest.starts_with("<?") {
            "?>"
        } else {
            ">"
        };
        let Some(gt) = rest.find(end_marker) else {
            return Err(err(line, "unterminated tag"));
        };
        let tag = &rest[1..gt];
        line += tag.matches('\n').count();
        rest = &rest[gt + end_marker.len()..];
        if tag.starts_with('!') || tag.starts_with('?') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            out.push((line, Token::Close(name.trim())));
            continue;
        }
        let (body, self_closing) = match tag.strip_suffix('/') {
            Some(b) => (b, true),
            None => (tag, false),
        };
        let (name, attrs) = body
            .trim()
            .split_once(char::is_whitespace)
            .unwrap_or((body.trim(), ""));
        out.push((line, Token::Open(name, attrs)));
        if self_closing {
            out.push((line, Token::Close(name)));
        }
    }
    Ok(out)
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

fn attr(attrs: &str, name: &str) -> Option<String> {
    let at = attrs.find(&format!("{name}="))?;
    let rest = &attrs[at + name.len() + 1..];
    let quote = rest.chars().next()?;
    let rest = &rest[quote.len_utf8()..];
    rest.find(quote).map(|end| unescape(&rest[..end]))
}

/// One `diag` element being read.
#[derive(Default)]
struct Diag {
    code: String,
    desc: String,
    has_children: bool,
    /// 7th characters defined here: (character, meaning).
    seventh: Vec<(char, String)>,
}

/// The tabular XML: nested `diag` elements (`name`, `desc`, child `diag`s), `sevenChrDef`
/// with `extension char="A"` children. A `diag` with no child is billable unless a 7th
/// character applies, in which case its 7th-character codes are.
pub fn parse_tabular_xml(text: &str) -> Result<Vec<Icd10CmRow>, ImportError> {
    let toks = tokens(text)?;
    let mut out = Vec::new();
    let mut stack: Vec<Diag> = Vec::new();
    // Elements open inside the current diag, and the text being collected.
    let mut path: Vec<&str> = Vec::new();
    let mut text_buf = String::new();
    let mut extension: Option<char> = None;
    let mut saw_root = false;
    for (line, tok) in toks {
        match tok {
            Token::Open(name, attrs) => {
                saw_root |= name == "ICD10CM.tabular";
                path.push(name);
                text_buf.clear();
                match name {
                    "diag" => {
                        if let Some(parent) = stack.last_mut() {
                            parent.has_children = true;
                        }
                        stack.push(Diag::default());
                    }
                    "extension" => {
                        extension = attr(attrs, "char").and_then(|c| c.chars().next());
                    }
                    _ => {}
                }
            }
            Token::Text(t) => text_buf.push_str(t),
            Token::Close(name) => {
                if path.pop() != Some(name) {
                    return Err(err(line, format!("</{name}> closes nothing open")));
                }
                let parent = path.last().copied();
                let value = unescape(text_buf.trim());
                match (name, parent) {
                    ("name", Some("diag")) => {
                        if let Some(d) = stack.last_mut() {
                            d.code = value.replace('.', "").to_ascii_uppercase();
                        }
                    }
                    ("desc", Some("diag")) => {
                        if let Some(d) = stack.last_mut() {
                            d.desc = value;
                        }
                    }
                    ("extension", Some("sevenChrDef")) => {
                        if let (Some(c), Some(d)) = (extension.take(), stack.last_mut()) {
                            d.seventh.push((c.to_ascii_uppercase(), value));
                        }
                    }
                    ("diag", _) => {
                        let d = stack
                            .pop()
                            .ok_or_else(|| err(line, "</diag> without <diag>"))?;
                        emit(&d, &stack, line, &mut out)?;
                    }
                    _ => {}
                }
                text_buf.clear();
            }
        }
    }
    if !saw_root || out.is_empty() {
        return Err(err(
            0,
            "no codes found (expected the CMS ICD-10-CM tabular XML)",
        ));
    }
    out.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(out)
}

/// Writes a closed `diag`: itself, and its 7th-character codes when one applies to a leaf.
fn emit(
    d: &Diag,
    ancestors: &[Diag],
    line: usize,
    out: &mut Vec<Icd10CmRow>,
) -> Result<(), ImportError> {
    if !valid_code(&d.code) || d.desc.is_empty() {
        return Err(err(
            line,
            format!("diag '{}' lacks a valid name or a desc", d.code),
        ));
    }
    let seventh = std::iter::once(d)
        .chain(ancestors.iter().rev())
        .find(|a| !a.seventh.is_empty())
        .map(|a| a.seventh.as_slice())
        .unwrap_or(&[]);
    let expand = !d.has_children && !seventh.is_empty() && d.code.len() < 7;
    out.push(Icd10CmRow {
        code: d.code.clone(),
        billable: !d.has_children && !expand,
        short_description: d.desc.clone(),
        description: d.desc.clone(),
    });
    if expand {
        let mut stem = d.code.clone();
        while stem.len() < 6 {
            stem.push('X');
        }
        for (c, meaning) in seventh {
            let title = format!("{}, {meaning}", d.desc);
            out.push(Icd10CmRow {
                code: format!("{stem}{c}"),
                billable: true,
                short_description: title.clone(),
                description: title,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order_line(n: u32, code: &str, billable: bool, short: &str, long: &str) -> String {
        format!(
            "{n:05} {code:<7} {} {short:<60} {long}",
            if billable { 1 } else { 0 }
        )
    }

    #[test]
    fn the_order_file_gives_codes_flags_and_both_titles() {
        let text = [
            order_line(1, "A00", false, "Cholera", "Cholera"),
            order_line(
                2,
                "A000",
                true,
                "Cholera due to Vibrio cholerae 01, biovar cholerae",
                "Cholera due to Vibrio cholerae 01, biovar cholerae",
            ),
            String::new(),
            order_line(
                3,
                "S93401A",
                true,
                "Sprain of unsp ligament of r ankle, init",
                "Sprain of unspecified ligament of right ankle, initial encounter",
            ),
        ]
        .join("\n");
        let rows = parse_icd10cm(&text).unwrap();
        assert_eq!(rows.len(), 3);
        assert!(!rows[0].billable && rows[1].billable);
        assert_eq!(rows[2].code, "S93401A");
        assert_eq!(
            rows[2].short_description,
            "Sprain of unsp ligament of r ankle, init"
        );
        assert_eq!(
            rows[2].description,
            "Sprain of unspecified ligament of right ankle, initial encounter"
        );
        assert_eq!(parse_order_file("1 A00 0 x").unwrap_err().line, 1);
        let bad_flag = order_line(1, "A00", true, "Cholera", "Cholera").replace(" 1 ", " 7 ");
        assert!(parse_order_file(&bad_flag).is_err());
        assert!(parse_order_file("\n\n").is_err());
    }

    #[test]
    fn the_tabular_xml_nests_codes_and_expands_seventh_characters() {
        let xml = r#"<?xml version="1.0" encoding="utf-8"?>
<!-- sample -->
<ICD10CM.tabular><version>2027</version>
<chapter><name>19</name><desc>Injury (S00-T88)</desc>
<section id="S90-S99"><desc>Injuries to the ankle and foot (S90-S99)</desc>
<diag><name>S93</name><desc>Dislocation and sprain of joints and ligaments at ankle, foot and toe level</desc>
  <sevenChrDef><extension char="A">initial encounter</extension><extension char="D">subsequent encounter</extension></sevenChrDef>
  <diag><name>S93.4</name><desc>Sprain of ankle</desc>
    <diag><name>S93.40</name><desc>Sprain of unspecified ligament of ankle</desc>
      <diag><name>S93.401</name><desc>Sprain of unspecified ligament of right ankle</desc></diag>
    </diag>
  </diag>
</diag>
</section></chapter>
<chapter><name>9</name><desc>Circulatory</desc><section id="I30-I5A"><desc>Other forms</desc>
<diag><name>I42</name><desc>Cardiomyopathy</desc>
  <inclusionTerm><note>myocardiopathy</note></inclusionTerm>
  <diag><name>I42.0</name><desc>Dilated cardiomyopathy</desc>
    <diag><name>I42.00</name><desc>Dilated cardiomyopathy, unspecified &amp; sample</desc></diag>
  </diag>
</diag></section></chapter>
</ICD10CM.tabular>"#;
        let rows = parse_icd10cm(xml).unwrap();
        let get = |c: &str| rows.iter().find(|r| r.code == c).unwrap();
        assert!(!get("S93").billable && !get("S93401").billable);
        assert_eq!(
            get("S93401A").description,
            "Sprain of unspecified ligament of right ankle, initial encounter"
        );
        assert!(get("S93401D").billable);
        assert!(!get("I420").billable);
        assert_eq!(
            get("I4200").description,
            "Dilated cardiomyopathy, unspecified & sample"
        );
        assert!(get("I4200").billable);
        assert_eq!(rows.len(), 9);
        assert!(parse_icd10cm("<ICD10CM.tabular></ICD10CM.tabular>").is_err());
        // Odd input is an error, never a panic.
        for odd in [
            "",
            "<",
            "<ICD10CM.tabular><diag><name>é</name><desc>x</desc></diag></ICD10CM.tabular>",
            "<ICD10CM.tabular><diag><sevenChrDef><extension char=“A”>x</extension></sevenChrDef></diag>",
            "00001 Ä00     0 Cholera",
            "00001 A00     0 ",
            "0000é A00",
        ] {
            assert!(parse_icd10cm(odd).is_err(), "{odd}");
        }
        assert!(
            parse_icd10cm("<ICD10CM.tabular><diag><name>A00</name></ICD10CM.tabular>").is_err()
        );
    }
}
