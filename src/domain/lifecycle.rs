//! The states of the objects users change concurrently, and the one function per object that
//! says which change is allowed from which state. A service reads the row locked inside its
//! write transaction (`db::lock_one`), asks `next`, and writes the new state in the same
//! transaction: exactly one of any number of concurrent callers sees the old state, the others
//! see the new one and get the refusal, which says what changed.

use std::fmt;

/// Why a change is not allowed from the current state (answered as CONFLICT).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal(pub String);

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

macro_rules! states {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// The state stored in a row; an unknown text is a corrupt row.
            pub fn parse(s: &str) -> Result<Self, Refusal> {
                match s {
                    $($text => Ok($name::$variant),)+
                    other => Err(Refusal(format!("unknown state '{other}'"))),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

states!(
    /// A practice attempt: drafts until it is submitted, once.
    AttemptStatus { InProgress => "IN_PROGRESS", Submitted => "SUBMITTED" }
);

/// What happens to an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttemptEvent {
    Save,
    Submit,
    /// Manual credit or a re-grade after a key revision.
    Rescore,
}

impl AttemptStatus {
    pub fn next(self, event: AttemptEvent) -> Result<AttemptStatus, Refusal> {
        use AttemptEvent as E;
        use AttemptStatus as S;
        match (self, event) {
            (S::InProgress, E::Save) => Ok(S::InProgress),
            (S::InProgress, E::Submit) => Ok(S::Submitted),
            (S::Submitted, E::Rescore) => Ok(S::Submitted),
            (S::Submitted, _) => Err(Refusal(
                "the attempt is already submitted: drafts after it are not kept".into(),
            )),
            (S::InProgress, E::Rescore) => Err(Refusal(
                "the attempt is not submitted yet: there is no score to change".into(),
            )),
        }
    }
}

states!(
    /// A claim: edited as a draft, sent once, then worked (corrected, voided, appealed, billed
    /// on) or closed.
    ClaimStatus {
        Draft => "DRAFT",
        Rejected => "REJECTED",
        Adjudicated => "ADJUDICATED",
        Replaced => "REPLACED",
        Voided => "VOIDED",
        Closed => "CLOSED",
    }
);

/// What happens to a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimEvent {
    /// The trainee changes the form (a rejected claim goes back to draft).
    Edit,
    /// The clearinghouse refused it.
    SendRejected,
    /// The payer received and adjudicated it.
    SendAccepted,
    /// A corrected claim, a void, an appeal or a secondary claim starts from it.
    Work,
    /// Its replacement (frequency 7) was adjudicated.
    Replace,
    /// Its void (frequency 8) was adjudicated.
    Void,
    Close,
}

impl ClaimStatus {
    pub fn next(self, event: ClaimEvent) -> Result<ClaimStatus, Refusal> {
        use ClaimEvent as E;
        use ClaimStatus as S;
        match (self, event) {
            (S::Draft | S::Rejected, E::Edit) => Ok(S::Draft),
            (S::Draft, E::SendRejected) => Ok(S::Rejected),
            (S::Draft, E::SendAccepted) => Ok(S::Adjudicated),
            (S::Adjudicated, E::Work) => Ok(S::Adjudicated),
            (S::Adjudicated, E::Replace) => Ok(S::Replaced),
            (S::Adjudicated, E::Void) => Ok(S::Voided),
            (S::Adjudicated | S::Rejected, E::Close) => Ok(S::Closed),
            (S::Rejected, E::SendRejected | E::SendAccepted) => Err(Refusal(
                "the clearinghouse rejected this claim: change it (updateClaim) before sending it again".into(),
            )),
            (S::Draft | S::Rejected, E::Work | E::Replace | E::Void) => Err(Refusal(format!(
                "the claim is {self}: only an adjudicated claim can be corrected, voided, appealed or billed on"
            ))),
            (S::Draft, E::Close) => Err(Refusal(
                "a draft has not been sent: there is nothing to close".into(),
            )),
            (_, E::Edit) => Err(Refusal(format!(
                "the claim was sent and is now {self}: a sent claim is never edited; send a corrected claim (correctClaim) instead"
            ))),
            (_, E::SendRejected | E::SendAccepted) => {
                Err(Refusal(format!("the claim was already sent (it is {self})")))
            }
            (_, E::Work | E::Replace | E::Void | E::Close) => Err(Refusal(format!(
                "the claim is {self}: nothing more can be done with it"
            ))),
        }
    }
}

states!(
    /// An exam sitting: answers until the candidate hands it in or the deadline passes.
    ExamStatus { InProgress => "IN_PROGRESS", Submitted => "SUBMITTED", Expired => "EXPIRED" }
);

/// What happens to an exam sitting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExamEvent {
    Answer,
    Submit,
    Expire,
}

impl ExamStatus {
    pub fn next(self, event: ExamEvent) -> Result<ExamStatus, Refusal> {
        use ExamEvent as E;
        use ExamStatus as S;
        match (self, event) {
            (S::InProgress, E::Answer) => Ok(S::InProgress),
            (S::InProgress, E::Submit) => Ok(S::Submitted),
            (S::InProgress, E::Expire) => Ok(S::Expired),
            (closed, _) => Err(Refusal(format!(
                "the exam is {closed}: answers after it are not accepted"
            ))),
        }
    }
}

states!(
    /// A trainee's dispute of one scored line.
    DisputeStatus { Open => "OPEN", Accepted => "ACCEPTED", Rejected => "REJECTED" }
);

impl DisputeStatus {
    /// An instructor's decision.
    pub fn resolve(self, accept: bool) -> Result<DisputeStatus, Refusal> {
        match self {
            DisputeStatus::Open if accept => Ok(DisputeStatus::Accepted),
            DisputeStatus::Open => Ok(DisputeStatus::Rejected),
            done => Err(Refusal(format!("the dispute is already {done}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_attempt_takes_drafts_until_submitted_once() {
        use AttemptEvent as E;
        use AttemptStatus as S;
        let table = [
            (S::InProgress, E::Save, Some(S::InProgress)),
            (S::InProgress, E::Submit, Some(S::Submitted)),
            (S::InProgress, E::Rescore, None),
            (S::Submitted, E::Save, None),
            (S::Submitted, E::Submit, None),
            (S::Submitted, E::Rescore, Some(S::Submitted)),
        ];
        for (from, ev, to) in table {
            assert_eq!(from.next(ev).ok(), to, "{from} {ev:?}");
        }
    }

    #[test]
    fn a_sent_claim_is_never_editable_and_is_sent_once() {
        use ClaimEvent as E;
        use ClaimStatus as S;
        let all = [
            S::Draft,
            S::Rejected,
            S::Adjudicated,
            S::Replaced,
            S::Voided,
            S::Closed,
        ];
        for s in all {
            let editable = s.next(E::Edit).is_ok();
            assert_eq!(editable, matches!(s, S::Draft | S::Rejected), "{s}");
            let sendable = s.next(E::SendAccepted).is_ok();
            assert_eq!(sendable, s == S::Draft, "{s}");
            let workable = s.next(E::Work).is_ok();
            assert_eq!(workable, s == S::Adjudicated, "{s}");
            let closable = s.next(E::Close).is_ok();
            assert_eq!(closable, matches!(s, S::Adjudicated | S::Rejected), "{s}");
        }
        assert_eq!(S::Draft.next(E::SendRejected), Ok(S::Rejected));
        assert_eq!(S::Adjudicated.next(E::Replace), Ok(S::Replaced));
        assert_eq!(S::Adjudicated.next(E::Void), Ok(S::Voided));
        assert!(S::Closed.next(E::Close).is_err(), "a claim is closed once");
    }

    #[test]
    fn an_exam_closes_once_by_submit_or_expiry() {
        use ExamEvent as E;
        use ExamStatus as S;
        assert_eq!(S::InProgress.next(E::Answer), Ok(S::InProgress));
        assert_eq!(S::InProgress.next(E::Submit), Ok(S::Submitted));
        assert_eq!(S::InProgress.next(E::Expire), Ok(S::Expired));
        for closed in [S::Submitted, S::Expired] {
            for ev in [E::Answer, E::Submit, E::Expire] {
                assert!(closed.next(ev).is_err(), "{closed} {ev:?}");
            }
        }
    }

    #[test]
    fn a_dispute_is_resolved_once() {
        assert_eq!(
            DisputeStatus::Open.resolve(true),
            Ok(DisputeStatus::Accepted)
        );
        assert_eq!(
            DisputeStatus::Open.resolve(false),
            Ok(DisputeStatus::Rejected)
        );
        assert!(DisputeStatus::Accepted.resolve(false).is_err());
        assert!(DisputeStatus::Rejected.resolve(true).is_err());
    }

    #[test]
    fn stored_states_round_trip_and_unknown_ones_are_refused() {
        for s in [
            "DRAFT",
            "REJECTED",
            "ADJUDICATED",
            "REPLACED",
            "VOIDED",
            "CLOSED",
        ] {
            assert_eq!(ClaimStatus::parse(s).map(ClaimStatus::as_str), Ok(s));
        }
        assert!(ClaimStatus::parse("draft").is_err());
        assert!(ExamStatus::parse("").is_err());
    }
}
