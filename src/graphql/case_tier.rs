//! `CaseTier`: how close a case's chart is to the job (seed/cases/FORMAT.md "Tiers").

use crate::domain::cases::Tier;
use async_graphql::Enum;

/// TEXTBOOK (one clean note that names what is to be coded), CLINIC (a typical visit or
/// procedure note) or REAL_WORLD (a record of several documents with copy-forward text,
/// abbreviations, a stale problem list and a conflict or gap the coder must notice).
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum CaseTier {
    Textbook,
    Clinic,
    RealWorld,
}

impl From<CaseTier> for Tier {
    fn from(t: CaseTier) -> Self {
        match t {
            CaseTier::Textbook => Tier::Textbook,
            CaseTier::Clinic => Tier::Clinic,
            CaseTier::RealWorld => Tier::RealWorld,
        }
    }
}

impl From<Tier> for CaseTier {
    fn from(t: Tier) -> Self {
        match t {
            Tier::Textbook => CaseTier::Textbook,
            Tier::Clinic => CaseTier::Clinic,
            Tier::RealWorld => CaseTier::RealWorld,
        }
    }
}

impl CaseTier {
    /// The tier stored on a case row (`coding_case.tier`), if it states one.
    pub fn stored(s: Option<&str>) -> Option<Self> {
        Tier::parse(s?).map(Into::into)
    }
}
