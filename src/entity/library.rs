//! The case library's tables: patients, coverages, providers, facilities, cases, their
//! documents, versioned answer keys and case sets.

pub mod patient {
    //! A simulated patient (invented). `address` is JSON.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "patient")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub organization_id: i32,
        pub first_name: String,
        pub last_name: String,
        pub date_of_birth: Date,
        pub sex: String,
        pub address: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod coverage {
    //! A patient's insurance coverage.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "coverage")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub patient_id: i32,
        pub payer: String,
        pub member_id: String,
        pub group_number: Option<String>,
        pub effective_date: Date,
        pub termination_date: Option<Date>,
        pub relationship: String,
        pub priority: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod provider {
    //! A rendering or billing provider (invented, with a valid NPI).
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "provider")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub organization_id: i32,
        pub name: String,
        pub npi: String,
        pub taxonomy: String,
        pub specialty: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod facility {
    //! A facility (hospital, ASC, clinic). `address` is JSON.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "facility")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub organization_id: i32,
        pub name: String,
        pub npi: String,
        pub address: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod coding_case {
    //! A case: a simulated encounter to code (`case` is reserved in SQL). `skill_tags` is `,TAG,TAG,`.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "coding_case")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub organization_id: i32,
        pub slug: String,
        pub title: String,
        pub setting: String,
        pub place_of_service: String,
        pub date_of_service: Date,
        pub admission_date: Option<Date>,
        pub discharge_date: Option<Date>,
        pub discharge_status: Option<String>,
        pub patient_id: i32,
        pub provider_id: i32,
        pub facility_id: Option<i32>,
        pub difficulty: String,
        pub estimated_minutes: i32,
        pub skill_tags: String,
        pub status: String,
        /// The denial scenario as JSON (`domain::cases::scenario::Scenario`), if any.
        pub scenario: Option<String>,
        /// TEXTBOOK, CLINIC or REAL_WORLD (`domain::cases::Tier`); NULL when the case states none.
        pub tier: Option<String>,
        /// RISK_ADJUSTMENT cases: the review block as JSON (`domain::cases::risk::RiskAdjustment`).
        pub risk_adjustment: Option<String>,
        /// The provider-query script as JSON (`domain::cases::query::QueryScript`), if any.
        pub query_script: Option<String>,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod case_document {
    //! A document of a case, markdown.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "case_document")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub case_id: i32,
        pub position: i32,
        pub kind: String,
        pub title: String,
        pub body: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod answer_key {
    //! One version of a case's answer key; `body` is the key as JSON. Every revision is kept; one is current.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "answer_key")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub case_id: i32,
        pub version: i32,
        pub current: bool,
        pub body: String,
        pub note: String,
        pub created_by: Option<i32>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod case_set {
    //! An ordered set of cases with an owner and a visibility.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "case_set")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub organization_id: i32,
        pub slug: String,
        pub title: String,
        pub description: String,
        pub visibility: String,
        pub status: String,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
        /// The set's scoring policy as JSON; null for the defaults.
        pub scoring_policy: Option<String>,
        /// PRACTICE (open to practice) or ASSESSMENT (held back for exams and assessments).
        pub pool: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod case_set_item {
    //! A case's place in a set.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "case_set_item")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub case_set_id: i32,
        #[sea_orm(primary_key, auto_increment = false)]
        pub case_id: i32,
        pub position: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
