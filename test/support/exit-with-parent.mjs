// Preloaded into servers started by tests (test/support/server-process.ts): when the test process that started
// this one disappears, even by SIGKILL, the server goes too instead of running on as an orphan.
const parent = process.ppid;
setInterval(() => {
  try {
    process.kill(parent, 0);
  } catch {
    process.kill(process.pid, 'SIGKILL');
  }
}, 500).unref();
