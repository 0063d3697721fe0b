//! Who is asking: password hashing, access tokens, and the `Viewer`.

pub mod access;
pub mod password;
pub mod token;
pub mod viewer;

pub use viewer::Viewer;
