//! Parsers for the files users import: the CMS HCPCS alpha-numeric file (fixed width, with
//! continuation lines), a licensed CPT file (tab-delimited code and descriptor), and the CMS
//! NCCI PTP and MUE tables (tab- or comma-separated, with title lines).

use chrono::NaiveDate;

/// A problem in an imported file, with its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

fn err(line: usize, message: impl Into<String>) -> ImportError {
    ImportError {
        line,
        message: message.into(),
    }
}

/// One HCPCS code or modifier of the CMS alpha-numeric file, continuation lines joined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HcpcsRow {
    pub code: String,
    /// True for a modifier (RECID 7/8), false for a procedure code (RECID 3/4).
    pub modifier: bool,
    pub long_description: String,
    pub short_description: String,
    pub add_date: Option<NaiveDate>,
    pub action_effective: Option<NaiveDate>,
    pub termination: Option<NaiveDate>,
    /// A add, B/C/S description changes, D discontinued, F/P/T administrative, N none, R reactivated.
    pub action_code: String,
}

/// Characters `from..=to` (1-based, as the CMS record layout counts), trimmed.
fn cols(line: &str, from: usize, to: usize) -> &str {
    let start = line
        .char_indices()
        .nth(from - 1)
        .map(|(i, _)| i)
        .unwrap_or(line.len());
    let end = line
        .char_indices()
        .nth(to)
        .map(|(i, _)| i)
        .unwrap_or(line.len());
    line.get(start..end).unwrap_or("").trim()
}

fn yyyymmdd(raw: &str, line: usize, what: &str) -> Result<Option<NaiveDate>, ImportError> {
    if raw.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(raw, "%Y%m%d")
        .map(Some)
        .map_err(|_| err(line, format!("{what} '{raw}' is not a YYYYMMDD date")))
}

/// Parses the CMS HCPCS alpha-numeric file (record layout: HCPC 1–5, SEQNUM 6–10, RECID 11,
/// long description 12–91, short description 92–119, add date 269–276, action effective
/// date 277–284, termination date 285–292, action code 293). Lines that are not records
/// (the disclaimer at the top) are skipped.
pub fn parse_hcpcs(text: &str) -> Result<Vec<HcpcsRow>, ImportError> {
    let mut out: Vec<HcpcsRow> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let recid = cols(line, 11, 11);
        let seq = cols(line, 6, 10);
        let code = cols(line, 1, 5).to_ascii_uppercase();
        let is_record = !code.is_empty()
            && code.chars().all(|c| c.is_ascii_alphanumeric())
            && seq.len() == 5
            && seq.chars().all(|c| c.is_ascii_digit())
            && matches!(recid, "3" | "4" | "7" | "8");
        if !is_record {
            continue;
        }
        let long = cols(line, 12, 91);
        match recid {
            "4" | "8" => {
                let Some(last) = out.last_mut().filter(|r| r.code == code) else {
                    return Err(err(
                        n,
                        format!("continuation of {code} without its first line"),
                    ));
                };
                last.long_description.push(' ');
                last.long_description.push_str(long);
            }
            _ => {
                if recid == "3" && !(code.len() == 5 && code.as_bytes()[0].is_ascii_uppercase()) {
                    return Err(err(n, format!("'{code}' is not an HCPCS Level II code")));
                }
                out.push(HcpcsRow {
                    code,
                    modifier: recid == "7",
                    long_description: long.to_owned(),
                    short_description: cols(line, 92, 119).to_owned(),
                    add_date: yyyymmdd(cols(line, 269, 276), n, "add date")?,
                    action_effective: yyyymmdd(cols(line, 277, 284), n, "action effective date")?,
                    termination: yyyymmdd(cols(line, 285, 292), n, "termination date")?,
                    action_code: cols(line, 293, 293).to_owned(),
                });
            }
        }
    }
    if out.is_empty() {
        return Err(err(
            0,
            "no HCPCS records found (expected the CMS alpha-numeric fixed-width file)",
        ));
    }
    Ok(out)
}

/// Parses a licensed CPT file: one `code<TAB>descriptor` per line; a header line and blank
/// lines are skipped.
pub fn parse_cpt(text: &str) -> Result<Vec<(String, String)>, ImportError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let Some((code, desc)) = line.split_once('\t') else {
            if line.trim().is_empty() {
                continue;
            }
            return Err(err(i + 1, "expected code<TAB>descriptor"));
        };
        let code = code.trim().to_ascii_uppercase();
        let valid = code.len() == 5
            && code.is_ascii()
            && (code.chars().all(|c| c.is_ascii_digit())
                || (code[..4].chars().all(|c| c.is_ascii_digit())
                    && matches!(&code[4..], "F" | "T" | "U" | "M")));
        if !valid {
            if i == 0 {
                continue; // header
            }
            return Err(err(i + 1, format!("'{code}' is not a CPT code")));
        }
        let desc = desc.trim();
        if desc.is_empty() {
            return Err(err(i + 1, format!("{code} has no descriptor")));
        }
        out.push((code, desc.to_owned()));
    }
    if out.is_empty() {
        return Err(err(0, "no CPT rows found"));
    }
    Ok(out)
}

/// One NCCI procedure-to-procedure edit of the CMS file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PtpRow {
    pub column1: String,
    pub column2: String,
    pub effective: NaiveDate,
    pub deletion: Option<NaiveDate>,
    pub modifier_indicator: i16,
    pub rationale: String,
}

fn fields(line: &str) -> Vec<String> {
    let sep = if line.contains('\t') { '\t' } else { ',' };
    line.split(sep)
        .map(|f| f.trim().trim_matches('"').trim().to_owned())
        .collect()
}

fn looks_like_code(s: &str) -> bool {
    s.len() == 5 && s.chars().all(|c| c.is_ascii_alphanumeric())
}

/// Parses a CMS NCCI PTP table (columns: column 1, column 2, in existence before 1996,
/// effective date, deletion date or `*`, modifier indicator, rationale). Title and header
/// lines are skipped.
pub fn parse_ptp(text: &str) -> Result<Vec<PtpRow>, ImportError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let f = fields(line);
        if f.len() < 6 || !looks_like_code(&f[0]) || !looks_like_code(&f[1]) {
            continue;
        }
        let effective =
            yyyymmdd(&f[3], n, "effective date")?.ok_or_else(|| err(n, "no effective date"))?;
        let deletion = if f[4] == "*" {
            None
        } else {
            yyyymmdd(&f[4], n, "deletion date")?
        };
        let modifier_indicator = match f[5].as_str() {
            "0" => 0,
            "1" => 1,
            "9" => 9,
            other => {
                return Err(err(
                    n,
                    format!("modifier indicator '{other}' is not 0, 1 or 9"),
                ));
            }
        };
        out.push(PtpRow {
            column1: f[0].to_ascii_uppercase(),
            column2: f[1].to_ascii_uppercase(),
            effective,
            deletion,
            modifier_indicator,
            rationale: f.get(6).cloned().unwrap_or_default(),
        });
    }
    if out.is_empty() {
        return Err(err(
            0,
            "no PTP edits found (expected the CMS NCCI PTP table)",
        ));
    }
    Ok(out)
}

/// One MUE of the CMS file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MueRow {
    pub code: String,
    pub mue: i32,
    pub mai: i16,
    pub rationale: String,
}

/// Parses a CMS MUE table (columns: code, MUE value, MUE adjudication indicator such as
/// `2 Date of Service Edit: Policy`, rationale). Title and header lines are skipped.
pub fn parse_mue(text: &str) -> Result<Vec<MueRow>, ImportError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let f = fields(line);
        if f.len() < 3 || !looks_like_code(&f[0]) {
            continue;
        }
        let mue: i32 = f[1]
            .parse()
            .map_err(|_| err(n, format!("MUE value '{}' is not a number", f[1])))?;
        let mai = match f[2].chars().next() {
            Some('1') => 1,
            Some('2') => 2,
            Some('3') => 3,
            _ => {
                return Err(err(
                    n,
                    format!("MUE adjudication indicator '{}' is not 1, 2 or 3", f[2]),
                ));
            }
        };
        out.push(MueRow {
            code: f[0].to_ascii_uppercase(),
            mue,
            mai,
            rationale: f.get(3).cloned().unwrap_or_default(),
        });
    }
    if out.is_empty() {
        return Err(err(0, "no MUE rows found (expected the CMS MUE table)"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hcpcs_line(
        code: &str,
        seq: &str,
        recid: &str,
        long: &str,
        short: &str,
        dates: &str,
        action: &str,
    ) -> String {
        let mut l = format!("{code:>5}{seq}{recid}{long:<80}{short:<28}");
        while l.chars().count() < 268 {
            l.push(' ');
        }
        l.push_str(&format!("{dates:<24}{action}"));
        l
    }

    /// Found by the `import_parsers` fuzz target: a non-ASCII letter in the code column
    /// panicked on a byte slice.
    #[test]
    fn a_cpt_code_with_a_non_ascii_letter_is_an_error_not_a_panic() {
        assert!(parse_cpt("CODE\tDESCRIPTOR\n123é\tdesc\n").is_err());
        assert!(parse_cpt("123é\tdesc\n").unwrap_or_default().is_empty());
    }

    #[test]
    fn hcpcs_records_join_continuations_and_read_dates() {
        let text = [
            "Note regarding coverage",
            "",
            &hcpcs_line(
                "J3301",
                "00100",
                "3",
                "Injection, triamcinolone acetonide, not otherwise specified,",
                "Triamcinolone acet inj nos",
                "1997010120250101",
                "C",
            ),
            &hcpcs_line("J3301", "00200", "4", "10 mg", "", "", ""),
            &hcpcs_line(
                "G0001",
                "00100",
                "3",
                "Routine venipuncture",
                "Drawing blood",
                "199601012026010120251231",
                "D",
            ),
            &hcpcs_line(
                "GT",
                "00100",
                "7",
                "Via interactive audio and video telecommunication systems",
                "Interactive telecommunicatio",
                "1997010120170101",
                "N",
            ),
        ]
        .join("\n");
        let rows = parse_hcpcs(&text).unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(
            rows[0].long_description,
            "Injection, triamcinolone acetonide, not otherwise specified, 10 mg"
        );
        assert_eq!(
            rows[0].action_effective,
            NaiveDate::from_ymd_opt(2025, 1, 1)
        );
        assert_eq!(rows[1].termination, NaiveDate::from_ymd_opt(2025, 12, 31));
        assert_eq!(rows[1].action_code, "D");
        assert!(rows[2].modifier && rows[2].code == "GT");
        assert!(parse_hcpcs("nothing here").is_err());
        let orphan = hcpcs_line("J9999", "00200", "4", "x", "", "", "");
        assert_eq!(parse_hcpcs(&orphan).unwrap_err().line, 1);
    }

    #[test]
    fn cpt_files_are_code_tab_descriptor() {
        let rows = parse_cpt("CODE\tDESCRIPTOR\n99213\tLicensed text\n0042T\tMore text\n").unwrap();
        assert_eq!(
            rows,
            vec![
                ("99213".into(), "Licensed text".into()),
                ("0042T".into(), "More text".into())
            ]
        );
        assert_eq!(parse_cpt("99213\tok\nABC\tbad\n").unwrap_err().line, 2);
    }

    #[test]
    fn ptp_and_mue_tables_skip_titles_and_read_rows() {
        let ptp = "CPT only copyright\nColumn 1\tColumn 2\t*=in existence prior to 1996\tEffective Date\tDeletion Date *=no data\tModifier\tPTP Edit Rationale\n45378\t45380\t*\t20000101\t*\t1\tStandards of medical / surgical practice\n44950\t44970\t\t20020101\t20201231\t0\tMutually exclusive procedures\n";
        let rows = parse_ptp(ptp).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0].modifier_indicator, rows[0].deletion), (1, None));
        assert_eq!(rows[1].deletion, NaiveDate::from_ymd_opt(2020, 12, 31));
        assert_eq!(
            parse_ptp("45378\t45380\t*\t20000101\t*\t5\tx")
                .unwrap_err()
                .line,
            1
        );

        let mue = "HCPCS/CPT Code,Practitioner Services MUE Values,MUE Adjudication Indicator,MUE Rationale\n44970,1,2 Date of Service Edit: Policy,Anatomic Consideration\nJ3301,\"8\",\"3 Date of Service Edit: Clinical\",Clinical: Data\n";
        let rows = parse_mue(mue).unwrap();
        assert_eq!(
            rows[0],
            MueRow {
                code: "44970".into(),
                mue: 1,
                mai: 2,
                rationale: "Anatomic Consideration".into()
            }
        );
        assert_eq!((rows[1].mue, rows[1].mai), (8, 3));
        assert!(parse_mue("44970,one,2 x,y").is_err());
    }
}
