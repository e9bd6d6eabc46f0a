#include "insolepose/model/InferenceWorker.h"

#include "insolepose/Error.h"

namespace insolepose::model {

InferenceWorker::InferenceWorker(std::shared_ptr<const PoseModel> model, int threads, QObject* parent)
    : QObject(parent), m_model(std::move(model)), m_threads(std::max(1, threads)),
      m_worker([this](Job& job) { run(job); }, [this] { PoseModel::setThreads(m_threads); })
{
    qRegisterMetaType<InferenceResult>();
}

InferenceWorker::~InferenceWorker() { stop(); }

void InferenceWorker::submit(std::vector<float> window, TimeNs frameTime_ns)
{
    m_worker.submit(Job{std::move(window), frameTime_ns, hostClock_ns()});
}

void InferenceWorker::setPrecision(Precision precision)
{
    PoseModel::requirePrecision(precision);
    m_precision = precision;
}

void InferenceWorker::start() { m_worker.start(); }

void InferenceWorker::stop() { m_worker.stop(); }

void InferenceWorker::run(Job& job)
{
    try {
        const TimeNs t0 = hostClock_ns();
        PredictOptions o;
        o.precision = m_precision.load();
        o.adaptiveThreads = m_adaptive.load();
        const ModelOutput out = m_model->predict(job.window, 1, o);
        const TimeNs t1 = hostClock_ns();
        InferenceResult r;
        r.frameTime_ns = job.frameTime_ns;
        r.keypoints = out.keypoints[0];
        r.threads = out.threads;
        r.precision = o.precision;
        r.compute_ms = nsToSeconds(t1 - t0) * 1000.0;
        r.latency_ms = nsToSeconds(t1 - job.submitted_ns) * 1000.0;
        m_completed.fetch_add(1);
        Q_EMIT resultReady(r);
    } catch (const std::exception& e) {
        // Error, and anything LibTorch or the allocator throws (c10::Error, std::bad_alloc): an
        // exception must not leave the worker's thread (std::terminate).
        Q_EMIT errorOccurred(QString::fromStdString(e.what()));
    }
}

} // namespace insolepose::model
