//! What a code search answers besides the codes: how each hit matched, the phrase and the
//! code it matched through, and the words read with one edit.

use super::codes::Code;
use super::pagination::ConnectionTotals;
use crate::domain::codes::search::MatchKind;
use async_graphql::connection::{Connection, OpaqueCursor};
use async_graphql::{Enum, SimpleObject};

/// How a search result matched.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum CodeMatch {
    /// The query is this code.
    ExactCode,
    /// The code begins with the query.
    CodePrefix,
    /// The code queried is no longer valid on the date; this code replaced it (`matchedCode`).
    Replacement,
    /// The query names the code's official title (its essential words).
    Title,
    /// The query names one of the code's inclusion terms (`matchedTerm`).
    InclusionTerm,
    /// The query names a phrase of an instructional note that points to this code
    /// (`matchedTerm`, e.g. "sore throat NOS").
    NotePhrase,
    /// The query names an Includes note of this code (`matchedTerm`).
    IncludesNote,
    /// The query names a category (`matchedCode`) by its title or an Includes note
    /// (`matchedTerm`); this is the category's default code, as the Alphabetic Index gives it.
    CategoryDefault,
    /// Every query word begins a word of the code's title or index phrases.
    Description,
    /// Every query word but one begins a word of the code's title or index phrases (listed
    /// only when the codes with every word are fewer than the page asks for).
    SomeWords,
}

impl From<MatchKind> for CodeMatch {
    fn from(k: MatchKind) -> Self {
        match k {
            MatchKind::ExactCode => CodeMatch::ExactCode,
            MatchKind::CodePrefix => CodeMatch::CodePrefix,
            MatchKind::Replacement => CodeMatch::Replacement,
            MatchKind::Title => CodeMatch::Title,
            MatchKind::InclusionTerm => CodeMatch::InclusionTerm,
            MatchKind::NotePhrase => CodeMatch::NotePhrase,
            MatchKind::IncludesNote => CodeMatch::IncludesNote,
            MatchKind::CategoryDefault => CodeMatch::CategoryDefault,
            MatchKind::Description => CodeMatch::Description,
            MatchKind::SomeWords => CodeMatch::SomeWords,
        }
    }
}

/// A query word the search read as another, one edit away.
#[derive(SimpleObject)]
pub struct SpellingCorrection {
    /// The word as typed.
    pub typed: String,
    /// The word of the code tables it was read as.
    pub read_as: String,
}

/// Why this result is here.
#[derive(SimpleObject)]
pub struct CodeMatchInfo {
    pub match_kind: CodeMatch,
    /// The phrase of the tables that matched, when it is not the code's own title.
    pub matched_term: Option<String>,
    /// The code that phrase belongs to, when another: the category whose default this is,
    /// or the code this one replaced.
    pub matched_code: Option<String>,
    /// Query words read as others one edit away (typos) to find this result.
    pub spelling: Vec<SpellingCorrection>,
}

/// Ranked search results.
pub type CodeConnection = Connection<OpaqueCursor<usize>, Code, ConnectionTotals, CodeMatchInfo>;
