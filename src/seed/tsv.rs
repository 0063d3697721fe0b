//! Reading seed files: tab-separated, header row, optionally gzip-compressed.

use crate::error::{AppError, AppResult};
use chrono::NaiveDate;
use flate2::read::GzDecoder;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

/// A parsed table: column names and rows of fields.
pub struct Table {
    pub name: String,
    columns: HashMap<String, usize>,
    pub rows: Vec<Vec<String>>,
    /// SHA-256 of the file's bytes.
    pub checksum: String,
}

impl Table {
    /// Reads `path` (`.gz` is decompressed).
    pub fn read(path: &Path) -> AppResult<Table> {
        let raw = RawFile::read(path)?;
        Table::parse(raw)
    }

    /// Parses a file already read.
    pub fn parse(raw: RawFile) -> AppResult<Table> {
        let RawFile {
            name,
            bytes,
            checksum,
        } = raw;
        let text = if name.ends_with(".gz") {
            let mut s = String::new();
            GzDecoder::new(bytes.as_slice())
                .read_to_string(&mut s)
                .map_err(|e| AppError::internal(format!("decompressing {name}: {e}")))?;
            s
        } else {
            String::from_utf8(bytes).map_err(|e| AppError::internal(format!("{name}: {e}")))?
        };
        let mut lines = text.lines();
        let header = lines.next().unwrap_or_default();
        let columns = header
            .split('\t')
            .enumerate()
            .map(|(i, c)| (c.trim().to_owned(), i))
            .collect();
        let rows = lines
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.split('\t').map(|f| f.trim().to_owned()).collect())
            .collect();
        Ok(Table {
            name,
            columns,
            rows,
            checksum,
        })
    }

    /// The value of `column` in `row` ("" when the row is short).
    pub fn get<'a>(&self, row: &'a [String], column: &str) -> AppResult<&'a str> {
        let i = *self
            .columns
            .get(column)
            .ok_or_else(|| AppError::internal(format!("{}: no column '{column}'", self.name)))?;
        Ok(row.get(i).map(String::as_str).unwrap_or(""))
    }

    /// A non-empty value of `column`, or None.
    pub fn opt<'a>(&self, row: &'a [String], column: &str) -> AppResult<Option<&'a str>> {
        Ok(Some(self.get(row, column)?).filter(|s| !s.is_empty()))
    }
}

/// A file's bytes, name and SHA-256, before parsing.
pub struct RawFile {
    pub name: String,
    pub bytes: Vec<u8>,
    pub checksum: String,
}

impl RawFile {
    pub fn read(path: &Path) -> AppResult<RawFile> {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let bytes = std::fs::read(path)
            .map_err(|e| AppError::internal(format!("reading {}: {e}", path.display())))?;
        let checksum = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        Ok(RawFile {
            name,
            bytes,
            checksum,
        })
    }
}

/// Parses `YYYYMMDD`.
pub fn date(raw: &str) -> AppResult<NaiveDate> {
    NaiveDate::parse_from_str(raw.trim(), "%Y%m%d")
        .map_err(|_| AppError::internal(format!("'{raw}' is not a YYYYMMDD date")))
}

/// Parses an optional `YYYYMMDD`.
pub fn opt_date(raw: Option<&str>) -> AppResult<Option<NaiveDate>> {
    raw.map(date).transpose()
}
