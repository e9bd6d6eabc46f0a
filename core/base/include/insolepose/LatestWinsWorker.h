#pragma once
// One way to do "newest request wins" off the caller's thread, shared by video decoding (the
// studio's camera panels) and live inference: a dedicated thread runs one job at a time; a job
// submitted while another is still waiting replaces it (the replaced one is counted as
// superseded, never run). The handler runs on the worker thread and must not throw: exceptions
// never cross threads, so a handler reports its own errors (for example through a queued signal).
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

namespace insolepose {

template <typename Job> class LatestWinsWorker {
public:
    using Handler = std::function<void(Job&)>;

    /// `handler` runs each job on the worker thread; `onThreadStart` (optional) runs once on that
    /// thread before the first job (e.g. to set a library's thread count).
    explicit LatestWinsWorker(Handler handler, std::function<void()> onThreadStart = {})
        : m_handler(std::move(handler)), m_onThreadStart(std::move(onThreadStart))
    {}
    ~LatestWinsWorker() { stop(); }
    LatestWinsWorker(const LatestWinsWorker&) = delete;
    LatestWinsWorker& operator=(const LatestWinsWorker&) = delete;

    /// Starts the thread (no-op when running). start() and stop() belong to the owner's thread.
    void start()
    {
        std::lock_guard lock(m_mutex);
        if (m_thread.joinable())
            return;
        m_stopping = false;
        m_thread = std::thread([this] { run(); });
    }

    /// Stops after the job in progress; a waiting job is dropped. Safe to call twice.
    void stop()
    {
        std::thread thread;
        {
            std::lock_guard lock(m_mutex);
            m_stopping = true;
            m_pending.reset();
            thread = std::move(m_thread);
        }
        m_wake.notify_all();
        if (thread.joinable())
            thread.join();
    }

    /// Thread-safe. Queues `job`, replacing any job still waiting (run once the worker is
    /// started). Returns true when a waiting job was replaced.
    bool submit(Job job)
    {
        bool replaced = false;
        {
            std::lock_guard lock(m_mutex);
            replaced = m_pending.has_value();
            if (replaced)
                m_superseded.fetch_add(1);
            m_pending.emplace(std::move(job));
        }
        m_wake.notify_one();
        return replaced;
    }

    /// True while a job waits or runs.
    bool busy() const
    {
        std::lock_guard lock(m_mutex);
        return m_pending.has_value() || m_running;
    }
    std::uint64_t completed() const { return m_completed.load(); }
    std::uint64_t superseded() const { return m_superseded.load(); }

private:
    void run()
    {
        if (m_onThreadStart)
            m_onThreadStart();
        for (;;) {
            Job job;
            {
                std::unique_lock lock(m_mutex);
                m_running = false;
                m_wake.wait(lock, [&] { return m_stopping || m_pending.has_value(); });
                if (m_stopping)
                    return;
                job = std::move(*m_pending);
                m_pending.reset();
                m_running = true;
            }
            m_handler(job);
            m_completed.fetch_add(1);
        }
    }

    Handler m_handler;
    std::function<void()> m_onThreadStart;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::optional<Job> m_pending;
    bool m_running = false;
    bool m_stopping = false;
    std::thread m_thread;
    std::atomic<std::uint64_t> m_completed{0}, m_superseded{0};
};

} // namespace insolepose
