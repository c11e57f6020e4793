//! Captures every `tracing` event and span field at every level (TRACE included), and every
//! `log` record of the dependencies (reqwest logs through `log`), on the current thread: tests
//! that use it run on tokio's current-thread runtime, so the client's and the server's tasks
//! all report here.

use std::fmt::Write as _;
use std::sync::{Arc, Mutex, Once};
use std::time::Instant;

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt as _};

/// One event or span, as text: level, target, message and every field.
#[derive(Clone, Debug)]
pub struct Captured {
    pub at: Instant,
    pub text: String,
}

#[derive(Clone, Default)]
pub struct Capture {
    entries: Arc<Mutex<Vec<Captured>>>,
}

impl Capture {
    pub fn entries(&self) -> Vec<Captured> {
        self.entries.lock().unwrap().clone()
    }

    fn push(&self, text: String) {
        self.entries.lock().unwrap().push(Captured { at: Instant::now(), text });
    }
}

struct Fields<'a>(&'a mut String);

impl Visit for Fields<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        let _ = write!(self.0, " {}={value}", field.name());
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, " {}={value:?}", field.name());
    }
}

impl<S: Subscriber> Layer<S> for Capture {
    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        let meta = event.metadata();
        let mut text = format!("{} {}:", meta.level(), meta.target());
        event.record(&mut Fields(&mut text));
        self.push(text);
    }

    fn on_new_span(&self, attrs: &Attributes<'_>, _: &Id, _: Context<'_, S>) {
        let mut text = format!("span {}:", attrs.metadata().name());
        attrs.record(&mut Fields(&mut text));
        self.push(text);
    }

    fn on_record(&self, _: &Id, values: &Record<'_>, _: Context<'_, S>) {
        let mut text = "span record:".to_owned();
        values.record(&mut Fields(&mut text));
        self.push(text);
    }
}

/// Starts capturing on this thread until the guard is dropped.
pub fn start() -> (Capture, tracing::subscriber::DefaultGuard) {
    static LOG: Once = Once::new();
    LOG.call_once(|| {
        tracing_log::LogTracer::builder()
            .with_max_level(tracing_log::log::LevelFilter::Trace)
            .init()
            .expect("no other logger in this test binary");
    });
    let capture = Capture::default();
    let subscriber = tracing_subscriber::registry().with(capture.clone());
    (capture, tracing::subscriber::set_default(subscriber))
}

#[test]
fn captures_this_thread() {
    let (capture, guard) = start();
    tracing::trace!(secret = "x", "hello");
    drop(guard);
    assert_eq!(capture.entries().len(), 1, "{:?}", capture.entries());
}
