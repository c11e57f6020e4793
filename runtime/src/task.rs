//! Asynchronous tasks (`x-async-task`): an operation that answers with a task id while the
//! work goes on, and a waiter that polls the service's task endpoint until the task succeeds,
//! fails or the wait times out.
//!
//! The generated client has a `wait_for_task` method that drives [`wait`] with its task
//! operation; this module holds the loop, the backoff and the errors. Time is tokio's clock,
//! so waits can be tested with a paused clock.

use std::future::Future;
use std::time::Duration;

use serde::Serialize;

use crate::error::Error;

/// Something that names a task to wait for: the answer of an operation that starts one, or
/// the task id itself.
pub trait TaskHandle {
    /// The task id, when there is one.
    fn task_id(&self) -> Option<String>;
}

impl TaskHandle for str {
    fn task_id(&self) -> Option<String> {
        (!self.is_empty()).then(|| self.to_owned())
    }
}

impl TaskHandle for String {
    fn task_id(&self) -> Option<String> {
        self.as_str().task_id()
    }
}

impl<T: TaskHandle> TaskHandle for Option<T> {
    fn task_id(&self) -> Option<String> {
        self.as_ref().and_then(TaskHandle::task_id)
    }
}

impl<T: TaskHandle + ?Sized> TaskHandle for &T {
    fn task_id(&self) -> Option<String> {
        (**self).task_id()
    }
}

/// The task id at the JSON pointer `pointer` of `answer` (a string, or a number written as
/// one). Used by generated [`TaskHandle`] implementations.
pub fn task_id_at(answer: &impl Serialize, pointer: &str) -> Option<String> {
    let value = crate::json::to_value(answer).ok()?;
    match value.pointer(pointer)? {
        serde_json::Value::String(s) if !s.is_empty() => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// How a task answer says where the task is: JSON pointers into the task operation's answer
/// and the status values that end the wait (from the spec's `x-task-status`).
#[derive(Clone, Copy, Debug)]
pub struct TaskStatus {
    /// Pointer to the status.
    pub status: &'static str,
    /// Status values of a task that succeeded.
    pub succeeded: &'static [&'static str],
    /// Status values of a task that failed (or was cancelled).
    pub failed: &'static [&'static str],
    /// Pointer to the progress (a number), when the service reports one.
    pub progress: Option<&'static str>,
    /// Pointer to the text that explains a failure, when the service reports one.
    pub reason: Option<&'static str>,
}

/// Where a task stands, read from one answer of the task operation.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskState {
    /// The status value (`None` when the answer has none).
    pub status: Option<String>,
    /// The progress, when reported.
    pub progress: Option<i64>,
    /// The failure explanation, when reported and not empty.
    pub reason: Option<String>,
    /// Whether the status is one of the succeeded values.
    pub succeeded: bool,
    /// Whether the status is one of the failed values.
    pub failed: bool,
}

impl TaskStatus {
    /// Reads the state of a task from the task operation's answer.
    pub fn read(&self, answer: &serde_json::Value) -> TaskState {
        let text = |pointer: &str| match answer.pointer(pointer)? {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            serde_json::Value::Bool(b) => Some(b.to_string()),
            _ => None,
        };
        let status = text(self.status);
        let progress = self
            .progress
            .and_then(|p| answer.pointer(p))
            .and_then(|v| v.as_i64().or_else(|| v.as_str().and_then(|s| s.trim().parse().ok())));
        let reason = self.reason.and_then(text).filter(|r| !r.trim().is_empty());
        let is = |values: &[&str]| status.as_deref().is_some_and(|s| values.contains(&s));
        TaskState {
            succeeded: is(self.succeeded),
            failed: is(self.failed),
            status,
            progress,
            reason,
        }
    }
}

/// How long and how often to poll.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct WaitOptions {
    /// Give up after this long (default 30 minutes).
    pub timeout: Duration,
    /// Wait this long before the first poll, and between the first polls (default 2 s).
    pub initial_interval: Duration,
    /// The interval grows by this factor after each poll (default 1.5)...
    pub multiplier: f64,
    /// ...up to this interval (default 30 s).
    pub max_interval: Duration,
}

impl Default for WaitOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30 * 60),
            initial_interval: Duration::from_secs(2),
            multiplier: 1.5,
            max_interval: Duration::from_secs(30),
        }
    }
}

impl WaitOptions {
    /// Sets the overall timeout.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sets the first interval and the largest one.
    pub fn interval(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_interval = initial;
        self.max_interval = max.max(initial);
        self
    }

    /// Sets the factor the interval grows by after each poll (at least 1).
    pub fn multiplier(mut self, multiplier: f64) -> Self {
        self.multiplier = if multiplier.is_finite() { multiplier.max(1.0) } else { 1.0 };
        self
    }

    fn next_interval(&self, current: Duration) -> Duration {
        current.mul_f64(self.multiplier.max(1.0)).min(self.max_interval)
    }
}

/// Why waiting for a task did not end in success.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum TaskError {
    /// The operation's answer names no task to wait for.
    #[error("the answer names no task to wait for")]
    NoTaskId,
    /// The task ended in a failed status.
    #[error("task {task_id} ended with status {status}{}", reason_suffix(.reason))]
    Failed {
        /// The task id.
        task_id: String,
        /// The final status (e.g. `failure`).
        status: String,
        /// The service's explanation, when it gives one.
        reason: Option<String>,
        /// The progress when it failed.
        progress: Option<i64>,
        /// The last answer of the task operation.
        task: serde_json::Value,
    },
    /// The task had not ended when the wait timed out. It may still end later.
    #[error(
        "task {task_id} did not end within {waited:?} (last status: {}{})",
        .last_status.as_deref().unwrap_or("none"),
        .progress.map(|p| format!(", progress {p}")).unwrap_or_default()
    )]
    TimedOut {
        /// The task id.
        task_id: String,
        /// How long the waiter waited.
        waited: Duration,
        /// The status of the last poll.
        last_status: Option<String>,
        /// The progress of the last poll.
        progress: Option<i64>,
    },
}

fn reason_suffix(reason: &Option<String>) -> String {
    reason.as_ref().map(|r| format!(": {r}")).unwrap_or_default()
}

/// Polls `poll(task_id)` until the task's status (read with `status`) is a succeeded or failed
/// value, or `options.timeout` passes. Returns the last answer of a task that succeeded; a
/// failed task is [`Error::Task`] with [`TaskError::Failed`], a timeout [`TaskError::TimedOut`];
/// an error of the task operation itself ends the wait with that error.
pub async fn wait<T, E, F, Fut>(
    task_id: &str,
    options: &WaitOptions,
    status: &TaskStatus,
    mut poll: F,
) -> Result<T, Error<E>>
where
    T: Serialize,
    F: FnMut(String) -> Fut,
    Fut: Future<Output = Result<T, Error<E>>>,
{
    let start = tokio::time::Instant::now();
    let deadline = start + options.timeout;
    let mut interval = options.initial_interval;
    let mut last = None;
    loop {
        let now = tokio::time::Instant::now();
        if now >= deadline {
            let last: Option<TaskState> = last;
            return Err(Error::Task(TaskError::TimedOut {
                task_id: task_id.to_owned(),
                waited: now - start,
                last_status: last.as_ref().and_then(|s| s.status.clone()),
                progress: last.and_then(|s| s.progress),
            }));
        }
        tokio::time::sleep(interval.min(deadline - now)).await;
        let answer = poll(task_id.to_owned()).await?;
        let value = crate::json::to_value(&answer).unwrap_or(serde_json::Value::Null);
        let state = status.read(&value);
        tracing::debug!(task_id, status = ?state.status, progress = ?state.progress, "task polled");
        if state.succeeded {
            return Ok(answer);
        }
        if state.failed {
            return Err(Error::Task(TaskError::Failed {
                task_id: task_id.to_owned(),
                status: state.status.unwrap_or_default(),
                reason: state.reason,
                progress: state.progress,
                task: value,
            }));
        }
        last = Some(state);
        interval = options.next_interval(interval);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use serde_json::json;

    use super::*;

    const STATUS: TaskStatus = TaskStatus {
        status: "/data/status",
        succeeded: &["finish"],
        failed: &["failure", "canceled"],
        progress: Some("/data/progress"),
        reason: Some("/data/description"),
    };

    fn answers(list: Vec<serde_json::Value>) -> Mutex<std::vec::IntoIter<serde_json::Value>> {
        Mutex::new(list.into_iter())
    }

    #[tokio::test(start_paused = true)]
    async fn polls_with_growing_intervals_until_success() {
        let replies = answers(vec![
            json!({"data": {"status": "waiting", "progress": -2}}),
            json!({"data": {"status": "doing", "progress": 40}}),
            json!({"data": {"status": "finish", "progress": 100}}),
        ]);
        let times = Mutex::new(Vec::new());
        let start = tokio::time::Instant::now();
        let options = WaitOptions::default()
            .interval(Duration::from_secs(2), Duration::from_secs(3))
            .multiplier(2.0);
        let done = wait("t-1", &options, &STATUS, |id| {
            assert_eq!(id, "t-1");
            times.lock().unwrap().push(start.elapsed());
            let reply = replies.lock().unwrap().next().unwrap();
            async move { Ok::<_, Error<()>>(reply) }
        })
        .await
        .unwrap();
        assert_eq!(done["data"]["progress"], 100);
        let secs: Vec<u64> = times.lock().unwrap().iter().map(Duration::as_secs).collect();
        assert_eq!(secs, vec![2, 5, 8], "2 s, then doubled to 4 but capped at 3 s");
    }

    #[tokio::test(start_paused = true)]
    async fn a_failed_status_carries_the_reason() {
        let replies = answers(vec![json!({"data": {
            "status": "failure", "progress": -1, "description": "disk quota exceeded"
        }})]);
        let err = wait("t-2", &WaitOptions::default(), &STATUS, |_| {
            let reply = replies.lock().unwrap().next().unwrap();
            async move { Ok::<_, Error<()>>(reply) }
        })
        .await
        .unwrap_err();
        let Error::Task(TaskError::Failed { task_id, status, reason, progress, .. }) = &err else {
            panic!("{err:?}")
        };
        assert_eq!((task_id.as_str(), status.as_str()), ("t-2", "failure"));
        assert_eq!(reason.as_deref(), Some("disk quota exceeded"));
        assert_eq!(*progress, Some(-1));
        assert_eq!(err.to_string(), "task t-2 ended with status failure: disk quota exceeded");
    }

    #[tokio::test(start_paused = true)]
    async fn gives_up_at_the_timeout_with_the_last_state() {
        let polls = Mutex::new(0_u32);
        let options = WaitOptions::default()
            .timeout(Duration::from_secs(10))
            .interval(Duration::from_secs(4), Duration::from_secs(4));
        let err = wait("t-3", &options, &STATUS, |_| {
            *polls.lock().unwrap() += 1;
            async { Ok::<_, Error<()>>(json!({"data": {"status": "doing", "progress": 7}})) }
        })
        .await
        .unwrap_err();
        let Error::Task(TaskError::TimedOut { waited, last_status, progress, .. }) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(*waited, Duration::from_secs(10));
        assert_eq!((last_status.as_deref(), *progress), (Some("doing"), Some(7)));
        assert_eq!(*polls.lock().unwrap(), 3, "polls at 4 s, 8 s and 10 s (cut to the deadline)");
    }

    #[tokio::test(start_paused = true)]
    async fn an_error_of_the_task_operation_ends_the_wait() {
        let err = wait("t-4", &WaitOptions::default(), &STATUS, |_| async {
            Err::<serde_json::Value, _>(Error::<()>::InvalidRequest("boom".into()))
        })
        .await
        .unwrap_err();
        assert!(matches!(err, Error::InvalidRequest(ref m) if m == "boom"), "{err:?}");
    }

    #[test]
    fn task_ids_from_answers_and_strings() {
        let answer = json!({"code": 0, "data": {"task_id": "abc"}});
        assert_eq!(task_id_at(&answer, "/data/task_id").as_deref(), Some("abc"));
        assert_eq!(task_id_at(&answer, "/data/missing"), None);
        assert_eq!(task_id_at(&json!({"data": {"task_id": ""}}), "/data/task_id"), None);
        assert_eq!("x".task_id().as_deref(), Some("x"));
        assert_eq!(String::new().task_id(), None);
    }

    #[test]
    fn state_reads_numbers_as_text_and_ignores_blank_reasons() {
        let state = STATUS
            .read(&json!({"data": {"status": "doing", "progress": "55", "description": " "}}));
        assert_eq!(state.status.as_deref(), Some("doing"));
        assert_eq!(state.progress, Some(55));
        assert_eq!(state.reason, None);
        assert!(!state.succeeded && !state.failed);
    }
}
