//! Downloads cut short and uploads cut by a reset.
//!
//! A download whose connection is reset, or whose body ends before its `Content-Length` (or
//! before the last chunk), is an error, and nothing is left at the destination path (an
//! older file there is kept). An upload cut by a reset is sent again whole when the method
//! allows a retry (PUT), and not at all when it does not (POST).

use apigen_runtime::transport::Body;
use apigen_runtime::{Error, TransportError, Upload};
use http::Method;

use crate::server::{FaultServer, Plan, Step, answer, head};
use crate::{client, no_detail, request, temp_path};

const LENGTH: usize = 1_000_000;

fn file_bytes(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i % 251) as u8).collect()
}

/// A server that promises `LENGTH` bytes, sends `sent` of them, then ends with `end`.
async fn cut_download(sent: usize, end: Step) -> FaultServer {
    FaultServer::start(move |_| {
        let octets = [("Content-Type", "application/octet-stream")];
        Plan::steps(vec![
            Step::Write(head(200, &octets, Some(LENGTH))),
            Step::Write(file_bytes(sent)),
            end.clone(),
        ])
    })
    .await
}

async fn save_download(
    server: &FaultServer,
    path: &std::path::Path,
) -> Result<u64, TransportError> {
    let t = client(&server.url()).build().unwrap();
    let download = t.call_download(request(Method::GET, "/file"), None, no_detail).await.map_err(
        |e| match e {
            Error::Transport(e) => e,
            other => panic!("the head arrived whole: {other}"),
        },
    )?;
    assert_eq!(download.content_length, Some(LENGTH as u64));
    download.save(path).await
}

#[tokio::test]
async fn a_download_reset_midway_is_an_error_and_leaves_no_file() {
    let server = cut_download(300_000, Step::Reset).await;
    let path = temp_path("reset.bin");
    let err = save_download(&server, &path).await.unwrap_err();
    assert!(matches!(err, TransportError::Http { .. }), "{err}");
    assert!(!path.exists(), "a partial file was left at the destination");
    assert_eq!(server.count(), 1, "a streamed download is not repeated behind the caller's back");
}

#[tokio::test]
async fn a_body_shorter_than_its_content_length_is_an_error_and_keeps_the_old_file() {
    let server = cut_download(LENGTH - 1, Step::Close).await;
    let path = temp_path("short.bin");
    std::fs::write(&path, b"the previous, complete version").unwrap();
    let err = save_download(&server, &path).await.unwrap_err();
    assert!(matches!(err, TransportError::Http { .. }), "{err}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        b"the previous, complete version",
        "the file at the destination was replaced by a short one"
    );
    std::fs::remove_file(&path).unwrap();
}

#[tokio::test]
async fn a_chunked_body_without_its_last_chunk_is_an_error() {
    let server = FaultServer::start(|_| {
        let mut bytes = head(200, &[("Transfer-Encoding", "chunked")], None);
        bytes.extend_from_slice(b"10\r\n0123456789abcdef\r\n");
        Plan::steps(vec![Step::Write(bytes), Step::Close])
    })
    .await;
    let t = client(&server.url()).build().unwrap();
    let download = t.call_download(request(Method::GET, "/f"), None, no_detail).await.unwrap();
    let path = temp_path("chunked.bin");
    let err = download.save(&path).await.unwrap_err();
    assert!(matches!(err, TransportError::Http { .. }), "{err}");
    assert!(!path.exists());
}

#[tokio::test]
async fn a_whole_download_is_saved_and_counted() {
    let server = cut_download(LENGTH, Step::Close).await;
    let path = temp_path("whole.bin");
    assert_eq!(save_download(&server, &path).await.unwrap(), LENGTH as u64);
    assert_eq!(std::fs::read(&path).unwrap(), file_bytes(LENGTH));
    std::fs::remove_file(&path).unwrap();
}

/// A buffered answer cut short is a failure to read, retried like one for a GET (3 attempts,
/// each cut) and not for a POST (the request reached the server).
#[tokio::test]
async fn a_buffered_answer_cut_short_is_retried_only_when_idempotent() {
    let server = FaultServer::start(|_| {
        let json = [("Content-Type", "application/json")];
        Plan::steps(vec![
            Step::Write(head(200, &json, Some(100))),
            Step::Write(b"{\"a\":".to_vec()),
            Step::Close,
        ])
    })
    .await;
    let t = client(&server.url()).build().unwrap();
    let err = t.send(request(Method::GET, "/doc")).await.unwrap_err();
    assert!(matches!(err, TransportError::Http { attempts: 3, .. }), "{err}");
    assert_eq!(server.count(), 3);
    let err = t.send(request(Method::POST, "/doc")).await.unwrap_err();
    assert!(matches!(err, TransportError::Http { attempts: 1, .. }), "{err}");
    assert_eq!(server.count(), 4);
}

/// The first attempt's upload is reset after 64 KiB; the second receives the whole file.
async fn upload_cut_once(method: Method, multipart: bool) -> (FaultServer, Result<(), String>) {
    let server = FaultServer::start(|head| {
        if head.index == 0 {
            Plan { read_at_most: Some(64 * 1024), steps: vec![Step::Reset] }
        } else {
            Plan::steps(vec![Step::Write(answer(200, &[], ""))])
        }
    })
    .await;
    let path = temp_path("upload.bin");
    std::fs::write(&path, file_bytes(2 * LENGTH)).unwrap();
    let upload = Upload::from_path(&path);
    let mut r = request(method, "/upload");
    r.body = if multipart {
        let mut form = Vec::new();
        apigen_runtime::upload::push_file(&mut form, "file", &upload, "application/octet-stream");
        Body::Multipart(form)
    } else {
        Body::Binary(upload, "application/octet-stream")
    };
    let t = client(&server.url()).build().unwrap();
    let outcome = t.send(r).await.map(|_| ()).map_err(|e| e.to_string());
    std::fs::remove_file(&path).unwrap();
    (server, outcome)
}

#[tokio::test]
async fn an_upload_reset_midway_is_sent_again_whole_when_idempotent() {
    let (server, outcome) = upload_cut_once(Method::PUT, false).await;
    outcome.unwrap();
    let received = server.received();
    assert_eq!(received.len(), 2);
    assert!(received[0].body.len() <= 64 * 1024);
    assert_eq!(received[1].body, file_bytes(2 * LENGTH), "the retry sends the whole file");
    assert_eq!(received[1].header("content-length"), Some("2000000"));
}

#[tokio::test]
async fn a_multipart_upload_reset_midway_is_sent_again_whole_when_idempotent() {
    let (server, outcome) = upload_cut_once(Method::PUT, true).await;
    outcome.unwrap();
    let received = server.received();
    assert_eq!(received.len(), 2);
    let body = &received[1].body;
    let file = file_bytes(2 * LENGTH);
    assert!(
        body.windows(file.len()).any(|w| w == file.as_slice()),
        "the retried form holds the whole file"
    );
}

#[tokio::test]
async fn an_upload_reset_midway_is_not_repeated_when_not_idempotent() {
    let (server, outcome) = upload_cut_once(Method::POST, false).await;
    let err = outcome.unwrap_err();
    assert!(err.contains("after 1 attempt"), "{err}");
    assert_eq!(server.count(), 1);
}
