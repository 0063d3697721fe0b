//! How the search reads a title or an index phrase, as a coder reads the Alphabetic Index:
//! words in parentheses or brackets are nonessential modifiers, "NOS" and "unspecified" add
//! nothing, and what follows "without" names an absence. From that: a phrase's essential
//! words (the key a query must name) and its optional words, and a title's specific words
//! (the fewer, the closer the code is to the default for its words).

/// Words that join others and never make a phrase more specific.
const STOP: &[&str] = &[
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "per",
    "the", "to", "with", "w", "due",
];

/// Words that qualify without narrowing: a code titled with them is the default for the rest
/// (a fracture not said to be open or closed is coded as closed, a first visit as initial).
const QUALIFIERS: &[&str] = &[
    "unspecified",
    "nos",
    "initial",
    "encounter",
    "closed",
    "uncomplicated",
    "unsp",
    "init",
    "encntr",
];

/// Words after which the rest of a segment names an absence (`without complications`).
const NEGATIONS: &[&str] = &["without", "not", "no"];

pub fn is_stop(word: &str) -> bool {
    STOP.contains(&word)
}

fn is_qualifier(word: &str) -> bool {
    QUALIFIERS.contains(&word)
}

/// Lower-case words of a text (letters and digits), with a flag for those inside
/// parentheses or brackets.
fn marked_words(text: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut word = String::new();
    let flush = |word: &mut String, depth: i32, out: &mut Vec<(String, bool)>| {
        if !word.is_empty() {
            out.push((std::mem::take(word), depth > 0));
        }
    };
    for c in text.chars() {
        if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
            continue;
        }
        flush(&mut word, depth, &mut out);
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = (depth - 1).max(0),
            _ => {}
        }
    }
    flush(&mut word, depth, &mut out);
    // Defaults the guidelines set read like nonessential modifiers: diabetes not said to be
    // of a type is coded as type 2 (ICD-10-CM guideline I.C.4.a.2).
    for i in 0..out.len().saturating_sub(2) {
        if out[i].0 == "type" && out[i + 1].0 == "2" && out[i + 2].0 == "diabetes" {
            out[i].1 = true;
            out[i + 1].1 = true;
        }
    }
    out
}

/// A phrase's essential words (sorted, distinct) and its optional ones: parenthesized or
/// bracketed words, qualifiers (NOS, unspecified, uncomplicated, initial encounter), and the words of a comma segment that only says what
/// is unspecified (`, unspecified organism`, `, site not specified`, `, part unspecified`;
/// never the first segment).
pub fn essential_and_optional(text: &str) -> (Vec<String>, Vec<String>) {
    let mut essential = Vec::new();
    let mut optional = Vec::new();
    for (i, segment) in text.split([',', ';']).enumerate() {
        let words = marked_words(segment);
        let plain: Vec<&str> = words
            .iter()
            .filter(|(_, nested)| !nested)
            .map(|(w, _)| w.as_str())
            .collect();
        let says_unspecified = i > 0
            && plain.len() <= 3
            && (plain.contains(&"unspecified")
                || plain.contains(&"nos")
                || plain.windows(2).any(|p| p == ["not", "specified"]));
        for (w, nested) in words {
            if is_stop(&w) {
                continue;
            }
            if nested || says_unspecified || is_qualifier(&w) {
                optional.push(w);
            } else {
                essential.push(w);
            }
        }
    }
    essential.sort();
    essential.dedup();
    optional.retain(|w| !essential.contains(w));
    optional.sort();
    optional.dedup();
    (essential, optional)
}

/// The words of a title that narrow it: not nested in parentheses or brackets, not a
/// qualifier or a joining word, not after a negation in the same comma segment, and not in a
/// segment that only says what is unspecified. Distinct, in order of appearance.
pub fn specific_words(title: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (i, segment) in title.split([',', ';']).enumerate() {
        let words = marked_words(segment);
        let plain: Vec<&str> = words
            .iter()
            .filter(|(_, nested)| !nested)
            .map(|(w, _)| w.as_str())
            .collect();
        if i > 0
            && plain.len() <= 3
            && (plain.contains(&"unspecified")
                || plain.contains(&"nos")
                || plain.windows(2).any(|p| p == ["not", "specified"]))
        {
            continue;
        }
        for w in plain {
            if NEGATIONS.contains(&w) {
                break;
            }
            if !is_stop(w) && !is_qualifier(w) && !out.iter().any(|o| o == w) {
                out.push(w.to_owned());
            }
        }
    }
    out
}

/// Whether a title says it is the unspecified member of its family.
pub fn says_unspecified(title: &str) -> bool {
    marked_words(title)
        .iter()
        .any(|(w, _)| w == "unspecified" || w == "nos")
}

/// The phrase of an Excludes note and the codes it names: `streptococcal sore throat
/// (J02.0)` gives `streptococcal sore throat` and `J020`; `(J69.-)` names the category `J69`.
/// Ranges (`P70-P74`) name no single code and give nothing.
pub fn note_phrase(text: &str, refs: &[String]) -> Option<(String, Vec<String>)> {
    let mut codes = Vec::new();
    for r in refs {
        let r = r.trim().trim_end_matches(".-").trim_end_matches('-');
        if r.is_empty() || r.contains('-') {
            continue;
        }
        let code: String = r
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if code.len() >= 3 && !codes.contains(&code) {
            codes.push(code);
        }
    }
    if codes.is_empty() {
        return None;
    }
    // The phrase is the text before the parenthesis that lists the codes.
    let cut = text
        .rfind('(')
        .filter(|&i| {
            let inside = &text[i..];
            inside.chars().any(|c| c.is_ascii_digit()) && inside.contains(')')
        })
        .unwrap_or(text.len());
    let phrase = text[..cut]
        .trim()
        .trim_start_matches([',', ' '])
        .trim_end_matches([',', ':', ' '])
        .to_owned();
    (!phrase.is_empty() && phrase.chars().any(char::is_alphabetic)).then_some((phrase, codes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|w| (*w).to_owned()).collect()
    }

    #[test]
    fn essential_words_leave_out_modifiers_and_unspecified_segments() {
        let cases = [
            (
                "Pneumonia, unspecified organism",
                s(&["pneumonia"]),
                s(&["organism", "unspecified"]),
            ),
            (
                "Sore throat (acute) NOS",
                s(&["sore", "throat"]),
                s(&["acute", "nos"]),
            ),
            (
                "hypertension (arterial) (benign) (essential)",
                s(&["hypertension"]),
                s(&["arterial", "benign", "essential"]),
            ),
            (
                "Essential (primary) hypertension",
                s(&["essential", "hypertension"]),
                s(&["primary"]),
            ),
            (
                "Urinary tract infection, site not specified",
                s(&["infection", "tract", "urinary"]),
                s(&["not", "site", "specified"]),
            ),
            (
                "Unspecified asthma, uncomplicated",
                s(&["asthma"]),
                s(&["uncomplicated", "unspecified"]),
            ),
            ("Fracture of hip NOS", s(&["fracture", "hip"]), s(&["nos"])),
            (
                "Type 2 diabetes mellitus",
                s(&["diabetes", "mellitus"]),
                s(&["2", "type"]),
            ),
        ];
        for (text, essential, optional) in cases {
            assert_eq!(
                essential_and_optional(text),
                (essential, optional),
                "{text}"
            );
        }
    }

    #[test]
    fn specific_words_count_what_narrows_a_title() {
        let cases = [
            ("Pneumonia, unspecified organism", s(&["pneumonia"])),
            ("Typhoid pneumonia", s(&["typhoid", "pneumonia"])),
            (
                "Type 2 diabetes mellitus without complications",
                s(&["diabetes", "mellitus"]),
            ),
            (
                "Type 1 diabetes mellitus without complications",
                s(&["type", "1", "diabetes", "mellitus"]),
            ),
            (
                "Type 2 diabetes mellitus with unspecified complications",
                s(&["diabetes", "mellitus", "complications"]),
            ),
            (
                "Essential (primary) hypertension",
                s(&["essential", "hypertension"]),
            ),
            (
                "Diverticulitis of intestine, part unspecified, without perforation or abscess without bleeding",
                s(&["diverticulitis", "intestine"]),
            ),
            (
                "Sprain of unspecified ligament of unspecified ankle, initial encounter",
                s(&["sprain", "ligament", "ankle"]),
            ),
            (
                "Migraine, unspecified, not intractable, without status migrainosus",
                s(&["migraine"]),
            ),
        ];
        for (title, want) in cases {
            assert_eq!(specific_words(title), want, "{title}");
        }
        assert!(says_unspecified("Unspecified atrial fibrillation"));
        assert!(!says_unspecified("Other asthma"));
    }

    #[test]
    fn note_phrases_name_single_codes_and_categories() {
        assert_eq!(
            note_phrase("streptococcal sore throat (J02.0)", &s(&["J02.0"])),
            Some(("streptococcal sore throat".into(), s(&["J020"])))
        );
        assert_eq!(
            note_phrase("aspiration pneumonia NOS (J69.0)", &s(&["J69.0"])),
            Some(("aspiration pneumonia NOS".into(), s(&["J690"])))
        );
        assert_eq!(
            note_phrase("aspiration pneumonia (J69.-)", &s(&["J69.-"])),
            Some(("aspiration pneumonia".into(), s(&["J69"])))
        );
        assert_eq!(
            note_phrase(
                "influenza virus with other respiratory manifestations (J09.X2, J10.1, J11.1)",
                &s(&["J09.X2", "J10.1", "J11.1"])
            )
            .map(|(_, c)| c),
            Some(s(&["J09X2", "J101", "J111"]))
        );
        assert_eq!(note_phrase("infections (P35-P39)", &s(&["P35-P39"])), None);
        assert_eq!(note_phrase("(I10)", &s(&["I10"])), None);
    }
}
