//! Claims, remittances, appeals and the payer profiles they are judged by.

pub mod payer_profile {
    //! A simulated payer's rules (`domain::adjudication::payer::PayerProfile` as JSON).
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "payer_profile")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub slug: String,
        pub name: String,
        pub body: String,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod claim {
    //! A trainee's claim for a case: the form as JSON (`domain::claims::Claim`) plus the
    //! columns lists filter on. Status: DRAFT, REJECTED, ADJUDICATED, REPLACED, VOIDED, CLOSED.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "claim")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        /// The trainee's organization (none for a self-registered trainee).
        pub organization_id: Option<i32>,
        pub user_id: i32,
        pub case_id: i32,
        pub kind: String,
        pub frequency: String,
        pub status: String,
        pub payer: String,
        pub original_claim_id: Option<i32>,
        /// The payer's claim control number, given when the payer receives it.
        pub claim_number: Option<String>,
        pub body: String,
        pub total_charge_cents: i64,
        /// The clearinghouse's reasons, JSON, when REJECTED.
        pub rejections: Option<String>,
        /// How many times the clearinghouse refused this claim.
        pub times_rejected: i32,
        /// The simulated day the payer received it.
        pub received_on: Option<Date>,
        /// WRITE_OFF, BILL_PATIENT or NO_ACTION once the trainee closes it.
        pub resolution: Option<String>,
        pub resolution_note: Option<String>,
        pub submitted_at: Option<DateTimeUtc>,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
        /// Bumped by every change: a client editing the draft sends back the version it read.
        pub version: i32,
        /// For a claim billed to a secondary payer: the primary claim (one secondary each).
        pub primary_claim_id: Option<i32>,
        /// The exam sitting this claim was worked in (its work counts only there).
        pub exam_attempt_id: Option<i32>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod remittance {
    //! One adjudication of a claim (`domain::adjudication::Remittance` as JSON). Sequence 1 is
    //! the first; an overturned appeal adds the next.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "remittance")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub claim_id: i32,
        pub sequence: i32,
        pub status: String,
        pub paid_cents: i64,
        pub patient_responsibility_cents: i64,
        pub body: String,
        pub created_at: DateTimeUtc,
        /// Whether it has been posted to the ledger (set once, by a conditional update).
        pub posted: bool,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod claim_appeal {
    //! An appeal of one denied line and the payer's decision.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "claim_appeal")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub claim_id: i32,
        pub line: i32,
        /// The payer's appeal level (1 = first); one appeal per line and level.
        pub level: i32,
        pub reason: String,
        /// JSON array of document titles.
        pub documentation: String,
        pub outcome: String,
        pub message: String,
        pub created_at: DateTimeUtc,
        /// The CARC of the denial the appeal answers (NULL on appeals stored before).
        pub carc: Option<String>,
        /// The RARC it answers, if any.
        pub rarc: Option<String>,
        /// The appeal's ground (`domain::adjudication::appeal::Ground`).
        pub ground: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod charge_master {
    //! The practice's standard charge per code (what a claim line bills by default).
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "charge_master")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub code: String,
        pub charge_cents: i64,
        pub description: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
