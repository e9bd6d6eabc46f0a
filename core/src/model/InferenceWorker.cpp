#include "insolepose/model/InferenceWorker.h"

#include "insolepose/Error.h"
#include "insolepose/devices/InsoleSource.h"

namespace insolepose::model {

InferenceWorker::InferenceWorker(std::shared_ptr<const PoseModel> model, int threads, QObject* parent)
    : QObject(parent), m_model(std::move(model)), m_threads(std::max(1, threads))
{
    qRegisterMetaType<InferenceResult>();
}

InferenceWorker::~InferenceWorker() { stop(); }

void InferenceWorker::submit(std::vector<float> window, TimeNs frameTime_ns)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_pending)
            m_superseded.fetch_add(1);
        m_pending = Pending{std::move(window), frameTime_ns, devices::hostClock_ns()};
    }
    m_wake.notify_one();
}

void InferenceWorker::start()
{
    if (m_thread.joinable())
        return;
    m_stopping = false;
    // The model runs on one dedicated thread that owns the forward passes.
    m_thread = std::thread([this] { run(); });
}

void InferenceWorker::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_one();
    if (m_thread.joinable())
        m_thread.join();
}

void InferenceWorker::run()
{
    PoseModel::setThreads(m_threads);
    for (;;) {
        Pending job;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [&] { return m_stopping || m_pending.has_value(); });
            if (m_stopping)
                return;
            job = std::move(*m_pending);
            m_pending.reset();
        }
        try {
            const TimeNs t0 = devices::hostClock_ns();
            const ModelOutput out = m_model->predict(job.window, 1, true);
            const TimeNs t1 = devices::hostClock_ns();
            InferenceResult r;
            r.frameTime_ns = job.frameTime_ns;
            r.keypoints = out.keypoints[0];
            r.compute_ms = nsToSeconds(t1 - t0) * 1000.0;
            r.latency_ms = nsToSeconds(t1 - job.submitted_ns) * 1000.0;
            m_completed.fetch_add(1);
            Q_EMIT resultReady(r);
        } catch (const Error& e) {
            Q_EMIT errorOccurred(QString::fromStdString(e.what()));
        }
    }
}

} // namespace insolepose::model
