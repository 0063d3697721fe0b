//! The shape of the rules: who calls, on whose object, and what the server must answer.
//!
//! A rule row names one root field (and a variant of its call), the GraphQL document that
//! calls it, the kind of object its arguments name, and one line of ten cells per target.
//! The columns are always, in this order:
//!
//! | column | caller |
//! |---|---|
//! | `anon` | no Authorization header |
//! | `tIn`  | a TRAINEE of school A, member of A's cohort |
//! | `tOut` | a TRAINEE of school A, in no cohort |
//! | `tB`   | a TRAINEE of school B, member of B's cohort |
//! | `iA`, `iB` | the INSTRUCTORs of schools A and B |
//! | `eA`   | the EMPLOYER of school A (the demo employer, who shares the school's organization) |
//! | `eB`   | the EMPLOYER of Acme, an EMPLOYER organization |
//! | `cand` | a candidate: registered with eA's assessment code, in no organization |
//! | `adm`  | a platform ADMIN (an account of the PLATFORM organization) |
//!
//! One more caller has no column: `ended`, tIn's access token after `logout` ended its login,
//! must get on every line exactly what `anon` gets.
//!
//! A cell is `ok` (answered without error), `in` / `out` (a list answered, and the target's
//! object is / is not in it), or a refusal code: `U` UNAUTHENTICATED, `F` FORBIDDEN,
//! `NF` NOT_FOUND, `BI` BAD_USER_INPUT, `C` CONFLICT. `:name` adds the `extensions.field`
//! the refusal must carry. A refusal of another tenant's object must answer exactly what the
//! row's `Missing` line answers (code, message, field); `~` exempts a refusal about an object
//! the caller already knows of (their own, or one held for them).
//!
//! An allowed mutation must write exactly one audit row, naming the organization that owns
//! what it touched (`Row::audit`: the target's tenant by default).

use serde_json::Value;

/// The callers, in column order.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Who {
    Anonymous,
    TraineeIn,
    TraineeOut,
    TraineeB,
    InstructorA,
    InstructorB,
    EmployerA,
    EmployerB,
    Candidate,
    Admin,
    /// tIn's access token after `logout` ended its login: not a column, it gets `anon`'s cells.
    Ended,
}

/// The columns, in order.
pub const WHO: [Who; 10] = [
    Who::Anonymous,
    Who::TraineeIn,
    Who::TraineeOut,
    Who::TraineeB,
    Who::InstructorA,
    Who::InstructorB,
    Who::EmployerA,
    Who::EmployerB,
    Who::Candidate,
    Who::Admin,
];

impl Who {
    pub fn label(self) -> &'static str {
        [
            "anon", "tIn", "tOut", "tB", "iA", "iB", "eA", "eB", "cand", "adm", "ended",
        ][self as usize]
    }

    /// The tenant the caller belongs to (None: no organization, or the platform's admin,
    /// to whom no tenant is foreign).
    pub fn tenant(self) -> Option<On> {
        match self {
            Who::TraineeIn | Who::TraineeOut | Who::InstructorA | Who::EmployerA => Some(On::A),
            Who::TraineeB | Who::InstructorB => Some(On::B),
            Who::EmployerB => Some(On::Acme),
            Who::Anonymous | Who::Candidate | Who::Admin | Who::Ended => None,
        }
    }

    /// The organization the caller's own work belongs to (the admin's: the platform's).
    pub fn home(self) -> Option<On> {
        match self {
            Who::Admin => Some(On::Lib),
            w => w.tenant(),
        }
    }

    /// Whether an object of tenant `on` is another tenant's for this caller (anonymous
    /// callers are refused before any object is named).
    pub fn foreign(self, on: On) -> bool {
        matches!(on, On::A | On::B | On::Acme)
            && !matches!(self, Who::Admin | Who::Anonymous | Who::Ended)
            && self.tenant() != Some(on)
    }
}

/// Whose object a call names.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum On {
    /// The call names no object.
    Nil,
    /// School A (the demo school) and its employer.
    A,
    /// School B.
    B,
    /// Acme, employer B's organization.
    Acme,
    /// The platform organization and its public library.
    Lib,
    /// An id that names nothing.
    Missing,
}

/// The kind of object a row's arguments name.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Obj {
    None,
    Org,
    /// A trainee's account: tIn (A), tB (B).
    Trainee,
    Cohort,
    /// A published PRACTICE case (A, B: the school's own; Lib: the platform's public one).
    Case,
    /// A case of an employer's ASSESSMENT set, in an assessment (A: eA's, Acme: eB's).
    HeldCase,
    CaseSet,
    Assignment,
    /// A trainee's scored practice attempt.
    Attempt,
    Dispute,
    /// A trainee's denied claim.
    Claim,
    /// A trainee's paid claim with a patient share, its remittance posted (a secondary
    /// coverage left to bill).
    PostedClaim,
    /// A case whose patient a ledger names (A, B: the schools' cases; Lib: a library case on
    /// which tIn and tB have a posted claim and a balance).
    LedgerCase,
    Assessment,
    PracticeForm,
    /// A trainee's practice exam sitting in progress.
    PracticeSitting,
    /// A candidate's sitting of an assessment, in progress.
    AssessmentSitting,
    CohortInvitation,
    /// A TRAINEE invitation into the organization, into no cohort (by its instructor).
    OrgInvitation,
    CandidateInvitation,
    /// A question of the bank (A: eA's private one, Acme: eB's, Lib: a platform question).
    Question,
    /// A trainee's simulated workday, open (tIn's in A, tB's in B), its first encounter in
    /// `extra.encounter`.
    Shift,
}

/// How a cell gets its own object instead of the shared one.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Fresh {
    /// The shared object of the target.
    No,
    /// A new object for every cell (the call changes it whoever may make it).
    Always(Make),
    /// A new object for the cells the rule allows (the call consumes it).
    Allowed(Make),
}

/// Objects made for one cell.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Make {
    RefreshToken,
    Cohort,
    /// A new cohort of school A, for a call that names another object (`extra.cohort`).
    CohortInA,
    CohortWithMember,
    CohortInvitation,
    OrgInvitation,
    CandidateInvitation,
    CandidateCode,
    DraftCase,
    PublishedCase,
    DraftSet,
    PublishedSet,
    OpenAttempt,
    ScoredAttempt,
    Dispute,
    DraftClaim,
    DeniedClaim,
    PracticeSitting,
    AssessmentSitting,
    /// A new assignment of the tenant's set to its cohort.
    Assignment,
    /// A new TRAINEE of the tenant, registered from its instructor's invitation.
    Account,
}

/// Whose log an allowed write's one audit row goes to: the organization that owns the object
/// it touches.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Audit {
    /// The target's tenant (on `Nil` and `Missing` lines: not checked).
    Target,
    /// The caller's own organization (the platform's for the admin, none for a candidate):
    /// the call makes or changes the caller's own work (an attempt, a claim, a payment, a copy).
    Caller,
    /// A tenant named by the row (an assignment into A's cohort of a library set).
    Of(On),
}

/// What one cell expects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expect {
    pub outcome: Outcome,
    /// The `extensions.field` a refusal must name.
    pub field: Option<String>,
    /// A refusal about an object the caller knows: not compared with a missing id.
    pub known: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Allow,
    Listed,
    Unlisted,
    Refuse(&'static str),
}

impl Expect {
    pub fn parse(token: &str) -> Expect {
        let (rest, known) = match token.strip_suffix('~') {
            Some(r) => (r, true),
            None => (token, false),
        };
        let (base, field) = match rest.split_once(':') {
            Some((b, f)) => (b, Some(f.to_owned())),
            None => (rest, None),
        };
        let outcome = match base {
            "ok" => Outcome::Allow,
            "in" => Outcome::Listed,
            "out" => Outcome::Unlisted,
            "U" => Outcome::Refuse("UNAUTHENTICATED"),
            "F" => Outcome::Refuse("FORBIDDEN"),
            "NF" => Outcome::Refuse("NOT_FOUND"),
            "BI" => Outcome::Refuse("BAD_USER_INPUT"),
            "C" => Outcome::Refuse("CONFLICT"),
            other => panic!("unknown cell '{other}' in '{token}'"),
        };
        Expect {
            outcome,
            field,
            known,
        }
    }

    pub fn allows(&self) -> bool {
        !matches!(self.outcome, Outcome::Refuse(_))
    }

    /// The cell as written.
    pub fn show(&self) -> String {
        let mut s = match self.outcome {
            Outcome::Allow => "ok".to_owned(),
            Outcome::Listed => "in".to_owned(),
            Outcome::Unlisted => "out".to_owned(),
            Outcome::Refuse(c) => c.to_owned(),
        };
        if let Some(f) = &self.field {
            s.push_str(&format!(" (field {f})"));
        }
        s
    }
}

/// What the variables of a call are made from.
pub struct Ctx<'a> {
    pub w: &'a super::world::World,
    pub on: On,
    /// The id of the target object (a missing id for `Missing`).
    pub id: &'a str,
    /// What the object's maker kept about it (a title, a key, a code, …).
    pub extra: &'a Value,
    /// Unique per cell: for names, slugs and e-mails.
    pub tag: &'a str,
}

pub type Vars = fn(&Ctx) -> Value;

/// One field (and variant) with its cells.
pub struct Row {
    pub field: &'static str,
    pub note: &'static str,
    pub doc: &'static str,
    pub obj: Obj,
    pub fresh: Fresh,
    pub vars: Vars,
    pub list: bool,
    pub audit: Audit,
    pub lines: Vec<(On, Vec<Expect>)>,
}

fn id_only(c: &Ctx) -> Value {
    serde_json::json!({ "id": c.id })
}

/// A rule row for `field`, called with `doc` (variables: `$id` by default).
pub fn row(field: &'static str, doc: &'static str) -> Row {
    Row {
        field,
        note: "",
        doc,
        obj: Obj::None,
        fresh: Fresh::No,
        vars: id_only,
        list: false,
        audit: Audit::Target,
        lines: Vec::new(),
    }
}

impl Row {
    pub fn note(mut self, note: &'static str) -> Self {
        self.note = note;
        self
    }
    pub fn obj(mut self, obj: Obj) -> Self {
        self.obj = obj;
        self
    }
    pub fn vars(mut self, vars: Vars) -> Self {
        self.vars = vars;
        self
    }
    pub fn fresh(mut self, fresh: Fresh) -> Self {
        self.fresh = fresh;
        self
    }
    /// Whose log the audit row of an allowed call goes to.
    pub fn audit(mut self, audit: Audit) -> Self {
        self.audit = audit;
        self
    }
    /// The field answers a list: `in`/`out` cells say whether the target is in it.
    pub fn list(mut self) -> Self {
        self.list = true;
        self
    }
    /// One line: the ten cells for target `on`, in column order.
    pub fn on(mut self, on: On, cells: &str) -> Self {
        let cells: Vec<Expect> = cells.split_whitespace().map(Expect::parse).collect();
        assert_eq!(
            cells.len(),
            WHO.len(),
            "{} {}: {on:?} needs {} cells",
            self.field,
            self.note,
            WHO.len()
        );
        self.lines.push((on, cells));
        self
    }
    pub fn is_mutation(&self) -> bool {
        self.doc.trim_start().starts_with("mutation")
    }
    pub fn name(&self) -> String {
        if self.note.is_empty() {
            self.field.to_owned()
        } else {
            format!("{} ({})", self.field, self.note)
        }
    }
}
