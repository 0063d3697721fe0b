//! Batch loaders: the children of a list of cases or claims are read with one query per kind
//! of child, not one per parent (the N+1 problem). The loader is shared by every request and
//! caches nothing, so a reader never sees another moment's data; the parents were authorized
//! before their children are asked for.

use crate::domain::adjudication::Remittance;
use crate::entity::claims::claim_appeal;
use crate::entity::library::{case_document, coverage, facility, patient, provider};
use crate::error::AppError;
use crate::service::batch;
use async_graphql::dataloader::{DataLoader, Loader};
use async_graphql::{Context, ErrorExtensions};
use sea_orm::DatabaseConnection;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Arc;
use std::time::Duration;

/// What resolvers ask for children through.
pub type Loaders = DataLoader<Batch>;

/// How long a batch waits for more keys. The resolvers of one list register theirs within
/// a poll or two; the library's 1 ms default kept 50 parents in one batch where 100 µs split
/// them (tests/api/round_trips.rs).
const DELAY: Duration = Duration::from_millis(1);

pub fn new(db: DatabaseConnection) -> Loaders {
    DataLoader::new(Batch { db }, tokio::spawn).delay(DELAY)
}

pub struct Batch {
    db: DatabaseConnection,
}

/// A failed batch, shared by every resolver that waited on it.
pub type BatchError = Arc<AppError>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DocumentsOfCase(pub i32);
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PatientId(pub i32);
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ProviderId(pub i32);
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FacilityId(pub i32);
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RemittancesOfClaim(pub i32);
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AppealsOfClaim(pub i32);

/// Implements `Loader<$key>` by calling a `service::batch` function with the keys' ids.
macro_rules! batch_loader {
    ($key:ident, $value:ty, $fetch:path) => {
        impl Loader<$key> for Batch {
            type Value = $value;
            type Error = BatchError;

            async fn load(&self, keys: &[$key]) -> Result<HashMap<$key, $value>, BatchError> {
                let ids: Vec<i32> = keys.iter().map(|k| k.0).collect();
                let found = $fetch(&self.db, &ids).await.map_err(Arc::new)?;
                Ok(rekey(found, $key))
            }
        }
    };
}

batch_loader!(DocumentsOfCase, Vec<case_document::Model>, batch::documents);
batch_loader!(
    PatientId,
    (patient::Model, Vec<coverage::Model>),
    batch::patients
);
batch_loader!(ProviderId, provider::Model, batch::providers);
batch_loader!(FacilityId, facility::Model, batch::facilities);
batch_loader!(
    RemittancesOfClaim,
    Vec<(Remittance, bool)>,
    batch::posted_remittances
);
batch_loader!(AppealsOfClaim, Vec<claim_appeal::Model>, batch::appeals);

fn rekey<K: Eq + Hash, V>(found: HashMap<i32, V>, key: fn(i32) -> K) -> HashMap<K, V> {
    found.into_iter().map(|(id, v)| (key(id), v)).collect()
}

/// The value for one key through the shared loader, batched with the other resolvers of the
/// same list; a failed batch becomes this field's error.
pub async fn load<K>(
    ctx: &Context<'_>,
    key: K,
) -> async_graphql::Result<Option<<Batch as Loader<K>>::Value>>
where
    K: Send + Sync + Hash + Eq + Clone + 'static,
    Batch: Loader<K, Error = BatchError>,
{
    ctx.data_unchecked::<Loaders>()
        .load_one(key)
        .await
        .map_err(|e| e.extend())
}
