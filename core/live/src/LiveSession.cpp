#include "insolepose/live/LiveSession.h"

#include "insolepose/Error.h"
#include "insolepose/devices/Recorder.h"
#include "insolepose/model/PoseModel.h"

#include <QFileInfo>

#include <algorithm>
#include <mutex>

namespace insolepose::live {

struct LiveSession::Capture {
    TimeNs until_ns = 0;
    FootPair<devices::CalibrationCapture> feet{{devices::CalibrationCapture(), devices::CalibrationCapture()}};
};

LiveSession::LiveSession(QObject* parent) : QObject(parent)
{
    qRegisterMetaType<insolepose::model::InferenceResult>();
    connect(&m_pipeline, &devices::RecordingPipeline::framesArrived, this, &LiveSession::onFrames);
    connect(&m_pipeline, &devices::RecordingPipeline::deviceError, this,
            [this](const QString& device, const QString& m) {
                m_lastError = m;
                Q_EMIT errorOccurred(device == QStringLiteral("camera") ? tr("Camera: %1").arg(m) : m);
            });
    connect(&m_pipeline, &devices::RecordingPipeline::recordingFailed, this, [this](const QString& m) {
        m_lastError = m;
        Q_EMIT errorOccurred(tr("Recording stopped: %1").arg(m));
    });
    // The insoles' default range until a calibration is set or captured.
    for (auto& c : m_calibration)
        c = Calibration::minMax(2929, 3051);
}

LiveSession::~LiveSession()
{
    stopRecording();
    disconnectCamera();
    disconnectSource();
    setModel(nullptr);
    // The pipeline is the first member, so it is destroyed last: nothing it might still emit on the
    // way out may reach this session's members, which are gone by then.
    disconnect(&m_pipeline, nullptr, this, nullptr);
}

bool LiveSession::connectCamera(const QString& source)
{
    if (!m_pipeline.setCamera(source, QFileInfo::exists(source))) {
        m_lastError = m_pipeline.lastError();
        return false;
    }
    return true;
}

void LiveSession::disconnectCamera() { m_pipeline.removeCamera(); }

bool LiveSession::takeCameraFrame(VideoImage& out) { return m_pipeline.takeCameraFrame(out); }

bool LiveSession::connectSource(const QString& url, InsoleSize size)
{
    disconnectSource();
    m_received = {};
    for (auto& r : m_recent)
        r.clear();
    m_submittedNewest_ns = {};
    if (!m_pipeline.addInsoles(url, size)) {
        m_lastError = m_pipeline.lastError();
        return false;
    }
    m_url = url;
    Q_EMIT connectionChanged(true);
    return true;
}

void LiveSession::disconnectSource()
{
    if (!m_pipeline.hasInsoles())
        return;
    m_pipeline.removeInsoles();
    m_url.clear();
    Q_EMIT connectionChanged(false);
}

bool LiveSession::isConnected() const { return m_pipeline.hasInsoles(); }

void LiveSession::setCalibration(Foot foot, const Calibration& c) { m_calibration[foot] = c; }

void LiveSession::calibrateFromNextSeconds(double seconds)
{
    m_capture = std::make_unique<Capture>();
    m_capture->until_ns = hostClock_ns() + secondsToNs(seconds);
}

bool LiveSession::calibrating() const { return m_capture != nullptr; }

void LiveSession::setModel(std::shared_ptr<const model::PoseModel> model, int threads)
{
    if (m_precisionProbe.valid())
        m_precisionProbe.wait();
    if (m_worker) {
        m_worker->stop();
        m_worker.reset();
    }
    m_precisionNote.clear();
    m_model = std::move(model);
    m_pendingArrivals.clear();
    if (!m_model)
        return;
    auto worker = std::make_unique<model::InferenceWorker>(m_model, threads);
    // Results come from the worker's thread, queued to this (the owner's) thread. The worker is the
    // receiving context, so results and errors still queued when it goes (a new model, or this
    // session ends) are dropped with it, never delivered to a later model's bookkeeping.
    model::InferenceWorker* w = worker.get();
    connect(w, &model::InferenceWorker::resultReady, w, [this](const model::InferenceResult& r) {
        TimeNs arrival = 0;
        while (!m_pendingArrivals.empty() && m_pendingArrivals.front().first <= r.frameTime_ns) {
            if (m_pendingArrivals.front().first == r.frameTime_ns)
                arrival = m_pendingArrivals.front().second;
            m_pendingArrivals.pop_front();
        }
        m_lastResult = r;
        ++m_predictions;
        Q_EMIT predictionReady(r, arrival);
    });
    connect(w, &model::InferenceWorker::errorOccurred, w, [this](const QString& m) { Q_EMIT errorOccurred(m); });
    m_worker = std::move(worker);
    m_worker->start();
    probePrecision();
}

namespace {

/// livePrecisionFor once per model in the process: the pairs of a LiveGroup share one model, and
/// each asking on its own would time the same forwards side by side.
std::shared_future<model::PrecisionChoice> precisionChoiceFor(const std::shared_ptr<const model::PoseModel>& m)
{
    static std::mutex mutex;
    static std::vector<std::pair<std::weak_ptr<const model::PoseModel>, std::shared_future<model::PrecisionChoice>>>
        asked;
    const std::lock_guard lock(mutex);
    std::erase_if(asked, [](const auto& a) { return a.first.expired(); });
    for (const auto& [model, choice] : asked)
        if (model.lock() == m)
            return choice;
    // A plain pointer: the cache must not keep the model alive. The asking session holds it until
    // the answer is there (probePrecision's thread waits for it, and setModel for that thread).
    const model::PoseModel* raw = m.get();
    std::shared_future<model::PrecisionChoice> choice = std::async(std::launch::async, [raw] {
        model::PrecisionChoice c;
        try {
            c = model::livePrecisionFor(*raw);
        } catch (const std::exception& e) {
            c.reason = std::string("float32: the bfloat16 check failed: ") + e.what();
        }
        return c;
    });
    asked.emplace_back(m, choice);
    return choice;
}

} // namespace

void LiveSession::probePrecision()
{
    // livePrecisionFor times a few forwards (about a second): off the UI thread. Its answer comes
    // back as a queued call; setModel and the destructor wait for the probe before the model or
    // this object goes, and Qt drops a queued call to a deleted object.
    std::shared_ptr<const model::PoseModel> probed = m_model;
    std::shared_future<model::PrecisionChoice> asked = precisionChoiceFor(probed);
    m_precisionProbe = std::async(std::launch::async, [this, probed, asked] {
        const model::PrecisionChoice choice = asked.get();
        QMetaObject::invokeMethod(
            this,
            [this, probed, choice] {
                if (m_model != probed || !m_worker)
                    return;
                try {
                    m_worker->setPrecision(choice.precision);
                    m_precisionNote = QString::fromStdString(choice.reason);
                } catch (const Error& e) {
                    m_precisionNote = QString::fromStdString(std::string("float32: ") + e.what());
                }
            },
            Qt::QueuedConnection);
    });
}

const TactileFrame* LiveSession::latest(Foot foot) const
{
    const auto& r = m_recent[foot];
    return r.empty() ? nullptr : &r.back();
}

std::vector<float> LiveSession::latestNormalized(Foot foot) const
{
    const TactileFrame* f = latest(foot);
    if (!f)
        return {};
    return m_calibration[foot].normalize(f->raw_adc);
}

int LiveSession::lagFrames() const
{
    return m_model ? m_model->config().window - 1 - m_model->config().labelIndex() : 0;
}

double LiveSession::sourceRate_hz() const
{
    const auto& r = m_recent[Foot::Left];
    if (r.size() < 2)
        return 0;
    const bool device = r.front().deviceTime_ns != 0 && r.back().deviceTime_ns != 0;
    const TimeNs span_ns =
        device ? r.back().deviceTime_ns - r.front().deviceTime_ns : r.back().hostTime_ns - r.front().hostTime_ns;
    return span_ns > 0 ? double(r.size() - 1) / nsToSeconds(span_ns) : 0;
}

double LiveSession::lag_s() const
{
    const double rate = sourceRate_hz();
    return rate > 0 ? lagFrames() / rate : 0;
}

bool LiveSession::startRecording(const std::filesystem::path& dir, SessionMetadata metadata)
{
    for (Foot f : kFeet)
        metadata.insoles[f].calibration = m_calibration[f];
    if (!m_pipeline.startRecording(dir, std::move(metadata))) {
        m_lastError = m_pipeline.lastError();
        return false;
    }
    return true;
}

void LiveSession::stopRecording() { m_pipeline.stopRecording(); }

void LiveSession::onFrames(const std::vector<TactileFrame>& frames)
{
    const std::size_t keep = std::max(m_historyFrames, std::size_t(m_model ? m_model->config().window + 8 : 0));
    for (const TactileFrame& f : frames) {
        ++m_received[f.foot];
        if (m_capture)
            m_capture->feet[f.foot].add(f.raw_adc);
        auto& recent = m_recent[f.foot];
        recent.push_back(f);
        while (recent.size() > keep)
            recent.pop_front();
    }
    if (m_capture && hostClock_ns() >= m_capture->until_ns) {
        for (Foot f : kFeet) {
            try {
                m_calibration[f] = m_capture->feet[f].result();
            } catch (const Error& e) {
                Q_EMIT errorOccurred(tr("Calibration of the %1 insole failed: %2")
                                         .arg(QString::fromUtf8(footName(f).data()), QString::fromStdString(e.what())));
            }
        }
        m_capture.reset();
    }
    if (m_worker)
        submitWindow();
    Q_EMIT framesArrived();
}

void LiveSession::submitWindow()
{
    const model::ModelConfig& c = m_model->config();
    const auto t = std::size_t(c.window);
    if (m_recent[Foot::Left].size() < t || m_recent[Foot::Right].size() < t)
        return;
    // One window per step of the pair: both feet must have a frame newer than the last window's
    // (else the same label frame would be predicted again whenever the other foot's frame lands
    // in a later poll).
    for (Foot foot : kFeet)
        if (m_recent[foot].back().hostTime_ns <= m_submittedNewest_ns[foot])
            return;
    const std::size_t cells = std::size_t(c.inputRows * c.inputCols);
    std::vector<float> window(2 * t * cells);
    TimeNs newest = 0;
    for (Foot foot : kFeet) {
        const auto& recent = m_recent[foot];
        const auto f = std::size_t(foot == Foot::Right);
        for (std::size_t i = 0; i < t; ++i) {
            const TactileFrame& frame = recent[recent.size() - t + i];
            if (frame.raw_adc.size() != cells)
                return; // a model with another input size: nothing sensible to run
            m_calibration[foot].normalize(frame.raw_adc, std::span<float>(window).subspan((f * t + i) * cells, cells));
            newest = std::max(newest, frame.hostTime_ns);
        }
    }
    const auto& left = m_recent[Foot::Left];
    const TimeNs labelTime = left[left.size() - t + std::size_t(c.labelIndex())].hostTime_ns;
    for (Foot foot : kFeet)
        m_submittedNewest_ns[foot] = m_recent[foot].back().hostTime_ns;
    m_pendingArrivals.emplace_back(labelTime, newest);
    while (m_pendingArrivals.size() > 64)
        m_pendingArrivals.pop_front();
    m_worker->submit(std::move(window), labelTime);
}

LiveStats LiveSession::stats() const
{
    LiveStats s;
    const auto sources = m_pipeline.sourceStats();
    if (!sources.empty())
        s.source = sources.front();
    s.received = m_received;
    s.queueDropped = m_pipeline.queueDropped();
    if (const auto r = m_pipeline.recorderStats()) {
        s.recording = true;
        s.recorded = r->frames;
        s.recordingPath = m_pipeline.recordingPath();
    }
    s.predictions = m_predictions;
    if (m_worker)
        s.supersededWindows = m_worker->superseded();
    s.inferenceLatency_ms = m_lastResult.latency_ms;
    if (const auto c = m_pipeline.cameraStats()) {
        s.cameraOpen = c->open;
        s.cameraRate_hz = c->frameRate_hz;
        s.cameraFrames = c->frames;
        s.cameraDropped = c->dropped;
    }
    s.computeLatency_ms = m_lastResult.compute_ms;
    s.lagFrames = lagFrames();
    s.sourceRate_hz = sourceRate_hz();
    s.lag_s = lag_s();
    return s;
}

} // namespace insolepose::live
