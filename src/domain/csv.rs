//! CSV cells for spreadsheets: quoted where RFC 4180 needs it, and neutralized against formula
//! injection as the OWASP guidance says (<https://owasp.org/www-community/attacks/CSV_Injection>):
//! a cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading single
//! quote, so that a spreadsheet shows it as text instead of evaluating it. Every export writes
//! every cell through `cell`.

/// The characters a spreadsheet may read as the start of a formula.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// One cell: neutralized, then quoted if it holds a comma, a quote or a line break.
pub fn cell(s: &str) -> String {
    let text = if s.starts_with(FORMULA_START) {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// One line of cells, without its line end.
pub fn row<S: AsRef<str>>(cells: &[S]) -> String {
    cells
        .iter()
        .map(|c| cell(c.as_ref()))
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_neutralized_and_plain_text_is_kept() {
        for (given, written) in [
            ("=2+5", "'=2+5"),
            ("+1", "'+1"),
            ("-3", "'-3"),
            ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
            ("\t=1", "'\t=1"),
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"",
            ),
            ("\r=1", "\"'\r=1\""),
            ("Ann Lee", "Ann Lee"),
            ("a=b", "a=b"),
            ("72.5", "72.5"),
            ("", ""),
            ("Lee, Ann", "\"Lee, Ann\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ] {
            assert_eq!(cell(given), written, "{given:?}");
        }
        assert_eq!(row(&["=1", "b,c", "d"]), "'=1,\"b,c\",d");
    }
}
