//! What an appeal argues, in structured fields: the denial it answers (CARC and optional RARC)
//! and its ground. Appeals stored before have none (NULL).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ClaimAppeal {
    Table,
    Carc,
    Rarc,
    Ground,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        for col in [ClaimAppeal::Carc, ClaimAppeal::Rarc, ClaimAppeal::Ground] {
            m.alter_table(
                Table::alter()
                    .table(ClaimAppeal::Table)
                    .add_column(string_len_null(col, 40))
                    .take(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in [ClaimAppeal::Carc, ClaimAppeal::Rarc, ClaimAppeal::Ground] {
            m.alter_table(
                Table::alter()
                    .table(ClaimAppeal::Table)
                    .drop_column(col)
                    .take(),
            )
            .await?;
        }
        Ok(())
    }
}
