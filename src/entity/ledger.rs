//! Patient accounts: ledger entries, remittance postings, follow-up notes, billing settings.

pub mod ledger_entry {
    //! One immutable ledger entry of a trainee's simulated patient account.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "ledger_entry")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub user_id: i32,
        pub patient_id: i32,
        pub case_id: i32,
        pub claim_id: Option<i32>,
        pub entry_date: Date,
        pub kind: String,
        pub bucket: String,
        pub amount_cents: i64,
        pub line: Option<i32>,
        pub payer: Option<String>,
        pub reason: String,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod remittance_posting {
    //! A posting of a remittance (MANUAL: the trainee's, scored; AUTO: the organization posts
    //! remittances itself).
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "remittance_posting")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub claim_id: i32,
        pub sequence: i32,
        pub user_id: i32,
        pub mode: String,
        pub percent: i32,
        pub verdict: String,
        pub posted: bool,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod follow_up {
    //! A follow-up action on a claim in the work queue (a call, a note).
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "follow_up")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub claim_id: i32,
        pub user_id: i32,
        pub action: String,
        pub note: String,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod billing_setting {
    //! Whether an organization's remittances are posted automatically.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "billing_setting")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub organization_id: i32,
        pub auto_post: bool,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod payment_plan {
    //! A patient balance split into installments of equal amounts (the last takes the rest).
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "payment_plan")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub user_id: i32,
        pub patient_id: i32,
        pub case_id: i32,
        pub total_cents: i64,
        pub installments: i32,
        pub first_due: Date,
        pub interval_days: i32,
        pub created_on: Date,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
