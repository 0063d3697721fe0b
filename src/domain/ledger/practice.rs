//! The practice a statement comes from: its name, address, phone and remit-to address, from
//! `seed/practices.json` (invented practices, compiled into the binary), chosen by the claim's
//! billing provider taxonomy (longest matching prefix; the first practice is the default).

use serde::Deserialize;
use std::sync::LazyLock;

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PostalAddress {
    #[serde(default)]
    pub name: Option<String>,
    pub line1: String,
    pub city: String,
    pub state: String,
    pub zip: String,
}

impl PostalAddress {
    /// "PO Box 4410, Harrow Creek, OH 43991".
    pub fn one_line(&self) -> String {
        format!("{}, {}, {} {}", self.line1, self.city, self.state, self.zip)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Practice {
    pub name: String,
    pub taxonomy_prefixes: Vec<String>,
    pub address: PostalAddress,
    pub phone: String,
    pub remit_to: PostalAddress,
}

#[derive(Deserialize)]
struct File {
    practices: Vec<Practice>,
}

static PRACTICES: LazyLock<Vec<Practice>> = LazyLock::new(|| {
    serde_json::from_str::<File>(include_str!("../../../seed/practices.json"))
        .map(|f| f.practices)
        .unwrap_or_default()
});

/// The practice billing for a provider of this taxonomy.
pub fn practice_for(taxonomy: Option<&str>) -> Practice {
    let t = taxonomy.unwrap_or("");
    PRACTICES
        .iter()
        .filter_map(|p| {
            p.taxonomy_prefixes
                .iter()
                .filter(|x| t.starts_with(x.as_str()))
                .map(|x| (x.len(), p))
                .max_by_key(|(n, _)| *n)
        })
        .max_by_key(|(n, _)| *n)
        .map(|(_, p)| p.clone())
        .or_else(|| PRACTICES.first().cloned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_case_provider_has_a_practice_with_a_remit_to() {
        assert!(PRACTICES.len() >= 5, "seed/practices.json parses");
        assert_eq!(
            practice_for(Some("207P00000X")).name,
            "Mercy Valley Emergency Physicians"
        );
        assert_eq!(
            practice_for(Some("207RC0000X")).name,
            "Lakeshore Internal Medicine Associates"
        );
        assert_eq!(practice_for(None).name, "Harrow Creek Family Health");
        for p in PRACTICES.iter() {
            assert!(!p.remit_to.line1.is_empty() && !p.address.zip.is_empty());
        }
    }
}
