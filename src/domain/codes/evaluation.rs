//! The search evaluation set (`tests/search_eval.tsv`): queries as coders type them, each with
//! the codes a coder would pick, and the scoring of a ranked list against them (top-1 and
//! top-5 recall). Used by the evaluation test and by the benchmark that compares search
//! engines on the same set.

use super::{System, normalize};

/// One query of the set and the codes that count as right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvalCase {
    pub query: String,
    /// (system, normalized code): any of them at a rank counts.
    pub expected: Vec<(System, String)>,
}

/// Parses the set: a header row `query<TAB>expected`, `#` comment lines, and rows whose
/// expected column lists `SYSTEM:CODE` items separated by commas.
pub fn parse_set(text: &str) -> Result<Vec<EvalCase>, String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.is_empty() || line.starts_with('#') || line == "query\texpected" {
            continue;
        }
        let (query, expected) = line
            .split_once('\t')
            .ok_or_else(|| format!("line {}: expected query<TAB>codes", i + 1))?;
        let mut codes = Vec::new();
        for item in expected.split(',') {
            let (system, code) = item
                .trim()
                .split_once(':')
                .ok_or_else(|| format!("line {}: '{item}' is not SYSTEM:CODE", i + 1))?;
            let system = System::parse(system).map_err(|e| format!("line {}: {}", i + 1, e.0))?;
            let code = normalize(system, code).map_err(|e| format!("line {}: {}", i + 1, e.0))?;
            codes.push((system, code));
        }
        out.push(EvalCase {
            query: query.trim().to_owned(),
            expected: codes,
        });
    }
    Ok(out)
}

/// The 1-based rank of the first right code in `ranked`, if any.
pub fn rank_of(case: &EvalCase, ranked: &[(System, String)]) -> Option<usize> {
    ranked
        .iter()
        .position(|hit| case.expected.contains(hit))
        .map(|i| i + 1)
}

/// How a search engine did on the set.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EvalReport {
    pub queries: usize,
    pub top1: usize,
    pub top5: usize,
    /// Sum of 1/rank of the first right code (0 when none was returned).
    pub reciprocal_ranks: f64,
    /// Queries with no right code in the first five, and the rank found (if any).
    pub misses: Vec<(String, Option<usize>)>,
}

impl EvalReport {
    pub fn add(&mut self, case: &EvalCase, rank: Option<usize>) {
        self.queries += 1;
        self.reciprocal_ranks += rank.map_or(0.0, |r| 1.0 / r as f64);
        match rank {
            Some(1) => {
                self.top1 += 1;
                self.top5 += 1;
            }
            Some(r) if r <= 5 => self.top5 += 1,
            _ => self.misses.push((case.query.clone(), rank)),
        }
    }

    pub fn top1_rate(&self) -> f64 {
        self.top1 as f64 / self.queries.max(1) as f64
    }

    pub fn top5_rate(&self) -> f64 {
        self.top5 as f64 / self.queries.max(1) as f64
    }

    /// Mean reciprocal rank over the ranks given (a search's top N).
    pub fn mrr(&self) -> f64 {
        self.reciprocal_ranks / self.queries.max(1) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_set_format_and_the_scoring() {
        let set = "# comment\nquery\texpected\npneumonia\tICD10CM:J18.9\nflu shot\tCPT:90686, HCPCS:G0008\n";
        let cases = parse_set(set).unwrap();
        assert_eq!(cases.len(), 2);
        assert_eq!(cases[0].expected, vec![(System::Icd10Cm, "J189".into())]);
        assert_eq!(cases[1].expected[1], (System::Hcpcs, "G0008".into()));
        let ranked = vec![
            (System::Cpt, "90471".to_owned()),
            (System::Hcpcs, "G0008".to_owned()),
        ];
        assert_eq!(rank_of(&cases[1], &ranked), Some(2));
        assert_eq!(rank_of(&cases[0], &ranked), None);
        let mut r = EvalReport::default();
        r.add(&cases[0], Some(1));
        r.add(&cases[1], Some(2));
        r.add(&cases[1], Some(6));
        assert_eq!((r.queries, r.top1, r.top5), (3, 1, 2));
        assert!((r.mrr() - (1.0 + 0.5 + 1.0 / 6.0) / 3.0).abs() < 1e-9);
        assert_eq!(r.misses, vec![("flu shot".to_owned(), Some(6))]);
        assert!(parse_set("q\tICD10CM-J18.9").is_err());
        assert!(parse_set("q\tNOPE:J18.9").is_err());
    }
}
