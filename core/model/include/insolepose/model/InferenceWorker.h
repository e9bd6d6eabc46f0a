#pragma once
// Runs a PoseModel on its own thread for live use: callers submit windows from any thread; the
// worker always runs the newest one (LatestWinsWorker: older pending windows are dropped and
// counted), in inference mode with an explicit thread count, and reports each result with the
// time of the frame it describes and how long it took. Errors from the model arrive through
// errorOccurred (queued to the owner's thread).
#include "insolepose/LatestWinsWorker.h"
#include "insolepose/Skeleton.h"
#include "insolepose/Time.h"
#include "insolepose/model/PoseModel.h"

#include <QObject>

#include <memory>
#include <vector>

namespace insolepose::model {

struct InferenceResult {
    TimeNs frameTime_ns = 0; ///< Time of the frame the window's label sits on.
    Pose keypoints; ///< Normalised frame (paper eq. 1).
    double latency_ms = 0.0; ///< From submit() to the result.
    double compute_ms = 0.0; ///< The forward pass alone.
    int threads = 0; ///< CPU threads the forward pass ran on.
    Precision precision = Precision::Float32;
};

class InferenceWorker : public QObject {
    Q_OBJECT
public:
    /// `threads`: the most CPU threads a forward pass uses; with adaptive threads (the default) each
    /// pass runs on one or on all of them, whichever recent passes found faster (ThreadChooser).
    InferenceWorker(std::shared_ptr<const PoseModel> model, int threads = 1, QObject* parent = nullptr);
    ~InferenceWorker() override;

    /// Thread-safe; applies from the next window. Throws Error for bfloat16 on a CPU without it
    /// (PoseModel::requirePrecision). livePrecisionFor() says which one to use.
    void setPrecision(Precision precision);
    Precision precision() const { return m_precision.load(); }
    /// Thread-safe. Off: every pass runs on all `threads`.
    void setAdaptiveThreads(bool on) { m_adaptive = on; }

    /// Thread-safe. Replaces any window still waiting.
    void submit(std::vector<float> window, TimeNs frameTime_ns);
    std::uint64_t completed() const { return m_completed.load(); }
    std::uint64_t superseded() const { return m_worker.superseded(); }

public Q_SLOTS:
    void start();
    void stop();

Q_SIGNALS:
    void resultReady(const insolepose::model::InferenceResult& result);
    void errorOccurred(const QString& message);

private:
    struct Job {
        std::vector<float> window;
        TimeNs frameTime_ns = 0;
        TimeNs submitted_ns = 0;
    };
    void run(Job& job);

    std::shared_ptr<const PoseModel> m_model;
    int m_threads;
    std::atomic<Precision> m_precision{Precision::Float32};
    std::atomic<bool> m_adaptive{true};
    std::atomic<std::uint64_t> m_completed{0};
    LatestWinsWorker<Job> m_worker;
};

} // namespace insolepose::model

Q_DECLARE_METATYPE(insolepose::model::InferenceResult)
