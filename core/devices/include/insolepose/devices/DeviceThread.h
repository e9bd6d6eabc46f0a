#pragma once
// Runs one worker QObject (an insole source or a camera recorder) on its own QThread: start()
// moves it there and calls its start() slot; stop() calls its stop() slot on that thread, brings
// the worker back, quits the thread and waits a bounded time. Never terminate()s.
#include <QObject>
#include <QThread>

#include <memory>

namespace insolepose::devices {

class DeviceThread {
public:
    /// Takes ownership of `worker`, which must have start() and stop() slots and no parent.
    explicit DeviceThread(std::unique_ptr<QObject> worker, const QString& name = {});
    ~DeviceThread();
    DeviceThread(const DeviceThread&) = delete;
    DeviceThread& operator=(const DeviceThread&) = delete;

    void start();
    /// Returns false when the thread did not finish within `timeout_ms`.
    bool stop(int timeout_ms = 3000);
    QObject* worker() const { return m_worker.get(); }
    template <typename T> T* as() const { return qobject_cast<T*>(m_worker.get()); }

private:
    QThread m_thread;
    std::unique_ptr<QObject> m_worker;
    bool m_running = false;
};

} // namespace insolepose::devices
