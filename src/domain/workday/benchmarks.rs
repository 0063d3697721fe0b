//! The published references of the end-of-shift report, read from
//! `seed/workday/benchmarks.tsv` (compiled in: the file is data the report cannot run without).

/// Whether a higher or a lower figure is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    AtLeast,
    AtMost,
}

/// One reference: the figure it belongs to, its value (none: no published one, "simulated"),
/// and where it comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct Benchmark {
    pub figure: String,
    pub value: Option<f64>,
    pub direction: Direction,
    pub source: String,
}

const FILE: &str = include_str!("../../../seed/workday/benchmarks.tsv");

/// Parses the file's lines (comments and the header skipped); a malformed line is an error
/// naming it.
pub fn parse(text: &str) -> Result<Vec<Benchmark>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() || line.starts_with("figure\t") {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let [figure, value, direction, source] = cols[..] else {
            return Err(format!("benchmarks line {}: 4 columns expected", n + 1));
        };
        let value = match value {
            "-" => None,
            v => Some(
                v.parse::<f64>()
                    .map_err(|_| format!("benchmarks line {}: '{v}' is not a number", n + 1))?,
            ),
        };
        let direction = match direction {
            "AT_LEAST" => Direction::AtLeast,
            "AT_MOST" => Direction::AtMost,
            d => return Err(format!("benchmarks line {}: direction '{d}'", n + 1)),
        };
        out.push(Benchmark {
            figure: figure.to_owned(),
            value,
            direction,
            source: source.to_owned(),
        });
    }
    Ok(out)
}

/// The reference of one figure of the report.
pub fn for_figure(figure: &str) -> Option<Benchmark> {
    parse(FILE).ok()?.into_iter().find(|b| b.figure == figure)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_file_parses_and_names_every_figure_of_the_report() {
        let all = parse(FILE).unwrap();
        for f in crate::domain::workday::report::FIGURES {
            let b = all.iter().find(|b| b.figure == *f);
            assert!(b.is_some(), "no reference line for {f}");
            let b = b.unwrap();
            assert!(!b.source.is_empty());
            if b.value.is_none() {
                assert!(b.source.starts_with("simulated"), "{f}: {}", b.source);
            }
        }
        assert_eq!(for_figure("days_in_ar").unwrap().value, Some(40.0));
        assert_eq!(
            for_figure("denial_rate").unwrap().direction,
            Direction::AtMost
        );
    }

    #[test]
    fn malformed_lines_are_named() {
        assert!(parse("x\t1\tAT_LEAST").unwrap_err().contains("line 1"));
        assert!(parse("x\tmany\tAT_LEAST\ts").unwrap_err().contains("many"));
        assert!(parse("x\t1\tUP\ts").unwrap_err().contains("UP"));
    }
}
