//! Reader of the sangfor documents (in progress).

use super::doc::Document;

/// Whether `text` reads as such a document.
pub fn recognizes(_text: &str) -> bool {
    false
}

/// Reads the document.
pub fn read(name: &str, _text: &str) -> Document {
    Document { name: name.to_owned(), ..Document::default() }
}
