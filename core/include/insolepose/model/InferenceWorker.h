#pragma once
// Runs a PoseModel on its own thread for live use: callers submit windows from any thread; the
// worker always runs the newest one (latest-window-wins: older pending windows are dropped and
// counted), in inference mode with an explicit thread count, and reports each result with the
// time of the frame it describes and how long it took. A worker for DeviceThread.
#include "insolepose/Skeleton.h"
#include "insolepose/Time.h"
#include "insolepose/model/PoseModel.h"

#include <QObject>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace insolepose::model {

struct InferenceResult {
    TimeNs frameTime_ns = 0;  ///< Time of the frame the window's label sits on.
    Pose keypoints;           ///< Normalised frame (paper eq. 1).
    double latency_ms = 0.0;  ///< From submit() to the result.
    double compute_ms = 0.0;  ///< The forward pass alone.
};

class InferenceWorker : public QObject {
    Q_OBJECT
public:
    InferenceWorker(std::shared_ptr<const PoseModel> model, int threads = 1, QObject* parent = nullptr);
    ~InferenceWorker() override;

    /// Thread-safe. Replaces any window still waiting.
    void submit(std::vector<float> window, TimeNs frameTime_ns);
    std::uint64_t completed() const { return m_completed.load(); }
    std::uint64_t superseded() const { return m_superseded.load(); }

public Q_SLOTS:
    void start();
    void stop();

Q_SIGNALS:
    void resultReady(const insolepose::model::InferenceResult& result);
    void errorOccurred(const QString& message);

private:
    void run();
    std::shared_ptr<const PoseModel> m_model;
    int m_threads;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    struct Pending {
        std::vector<float> window;
        TimeNs frameTime_ns;
        TimeNs submitted_ns;
    };
    std::optional<Pending> m_pending;
    bool m_stopping = false;
    std::thread m_thread;
    std::atomic<std::uint64_t> m_completed{0}, m_superseded{0};
};

} // namespace insolepose::model

Q_DECLARE_METATYPE(insolepose::model::InferenceResult)
