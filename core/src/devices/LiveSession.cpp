#include "insolepose/devices/LiveSession.h"

#include "insolepose/Error.h"
#include "insolepose/devices/CameraRecorder.h"
#include "insolepose/devices/DeviceThread.h"
#include "insolepose/devices/Recorder.h"
#include "insolepose/devices/SourceUrl.h"

#include <QFileInfo>
#include <QTimer>

#include <algorithm>

namespace insolepose::devices {

struct LiveSession::Capture {
    TimeNs until_ns = 0;
    std::array<CalibrationCapture, 2> feet;
};

LiveSession::LiveSession(QObject* parent) : QObject(parent)
{
    qRegisterMetaType<insolepose::model::InferenceResult>();
    m_timer = new QTimer(this);
    m_timer->setInterval(20);
    connect(m_timer, &QTimer::timeout, this, &LiveSession::poll);
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
}

void LiveSession::startCamera(const std::filesystem::path& folder, TimeNs origin_ns)
{
    if (m_camera)
        m_camera->stop();
    const bool isFile = QFileInfo::exists(m_cameraSource);
    auto cam = std::make_unique<CameraRecorder>(m_cameraSource, folder, QStringLiteral("cam0"), origin_ns, isFile);
    connect(cam.get(), &CameraRecorder::errorOccurred, this, [this](const QString& m) {
        m_lastError = m;
        Q_EMIT errorOccurred(tr("Camera: %1").arg(m));
    });
    m_camera = std::make_unique<DeviceThread>(std::move(cam), QStringLiteral("camera"));
    m_cameraSerial = 0;
    m_camera->start();
}

bool LiveSession::connectCamera(const QString& source)
{
    bool isIndex = false;
    source.toInt(&isIndex);
    if (source.isEmpty() || (!isIndex && !source.contains(QStringLiteral("://")) && !QFileInfo::exists(source))) {
        m_lastError = tr("camera '%1': not a device index, an existing video file or a URL").arg(source);
        return false;
    }
    m_cameraSource = source;
    startCamera({}, hostClock_ns());
    return true;
}

void LiveSession::disconnectCamera()
{
    if (m_camera)
        m_camera->stop();
    m_camera.reset();
    m_cameraSource.clear();
}

bool LiveSession::takeCameraFrame(VideoImage& out)
{
    return m_camera && m_camera->as<CameraRecorder>()->latestFrame(out, m_cameraSerial);
}

bool LiveSession::connectSource(const QString& url, InsoleSize size)
{
    disconnectSource();
    m_queue = std::make_shared<FrameQueue>(4096);
    QString error;
    auto source = makeInsoleSource(url, size, m_queue, &error);
    if (!source) {
        m_lastError = error;
        return false;
    }
    connect(source.get(), &InsoleSource::errorOccurred, this, [this](const QString& m) {
        m_lastError = m;
        Q_EMIT errorOccurred(m);
    });
    m_source = std::make_unique<DeviceThread>(std::move(source), url);
    m_source->start();
    m_url = url;
    m_received = {0, 0};
    for (auto& r : m_recent)
        r.clear();
    m_timer->start();
    Q_EMIT connectionChanged(true);
    return true;
}

void LiveSession::disconnectSource()
{
    if (!m_source)
        return;
    m_source->stop();
    poll(); // the last frames still go to the recording
    m_source.reset();
    m_timer->stop();
    m_url.clear();
    Q_EMIT connectionChanged(false);
}

bool LiveSession::isConnected() const { return m_source != nullptr; }

void LiveSession::setCalibration(Foot foot, const Calibration& c) { m_calibration[static_cast<std::size_t>(foot)] = c; }

void LiveSession::calibrateFromNextSeconds(double seconds)
{
    m_capture = std::make_unique<Capture>();
    m_capture->until_ns = hostClock_ns() + secondsToNs(seconds);
}

bool LiveSession::calibrating() const { return m_capture != nullptr; }

void LiveSession::setModel(std::shared_ptr<const model::PoseModel> model, int threads)
{
    if (m_worker) {
        m_worker->stop();
        m_worker.reset();
    }
    m_model = std::move(model);
    m_pendingArrivals.clear();
    if (!m_model)
        return;
    auto worker = std::make_unique<model::InferenceWorker>(m_model, threads);
    connect(worker.get(), &model::InferenceWorker::resultReady, this, [this](const model::InferenceResult& r) {
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
    connect(worker.get(), &model::InferenceWorker::errorOccurred, this, &LiveSession::errorOccurred);
    m_worker = std::move(worker);
    m_worker->start();
}

const TactileFrame* LiveSession::latest(Foot foot) const
{
    const auto& r = m_recent[static_cast<std::size_t>(foot)];
    return r.empty() ? nullptr : &r.back();
}

std::vector<float> LiveSession::latestNormalized(Foot foot) const
{
    const TactileFrame* f = latest(foot);
    if (!f)
        return {};
    return m_calibration[static_cast<std::size_t>(foot)].normalize(f->raw_adc);
}

bool LiveSession::startRecording(const std::filesystem::path& dir, SessionMetadata metadata)
{
    if (m_recorder) {
        m_lastError = QStringLiteral("already recording to %1").arg(m_recordingPath);
        return false;
    }
    for (std::size_t f = 0; f < 2; ++f)
        metadata.insoles[f].calibration = m_calibration[f];
    m_recordQueue = std::make_shared<FrameQueue>(8192);
    const TimeNs origin = hostClock_ns();
    try {
        m_recorder = std::make_unique<Recorder>(dir, metadata, m_recordQueue, origin);
    } catch (const Error& e) {
        m_lastError = QString::fromStdString(e.what());
        m_recordQueue.reset();
        return false;
    }
    connect(m_recorder.get(), &Recorder::errorOccurred, this, [this](const QString& m) {
        m_lastError = m;
        Q_EMIT errorOccurred(tr("Recording stopped: %1").arg(m));
    });
    m_recordingPath = QString::fromStdString(dir.string());
    m_recorder->start();
    if (m_camera)
        startCamera(dir / "cameras", origin); // the same camera, now also written to the session
    return true;
}

void LiveSession::stopRecording()
{
    if (!m_recorder)
        return;
    m_recorder->stop();
    m_recorder.reset();
    m_recordQueue.reset();
    if (m_camera)
        startCamera({}, hostClock_ns()); // back to preview; closes the recorded video
}

void LiveSession::poll()
{
    if (!m_queue)
        return;
    std::vector<TactileFrame> frames = m_queue->drain();
    if (frames.empty())
        return;
    const std::size_t keep = std::size_t(std::max(64, m_model ? m_model->config().window + 8 : 0));
    for (auto& f : frames) {
        const auto foot = static_cast<std::size_t>(f.foot);
        ++m_received[foot];
        if (m_capture)
            m_capture->feet[foot].add(f.raw_adc);
        if (m_recordQueue)
            m_recordQueue->push(f);
        m_recent[foot].push_back(std::move(f));
        while (m_recent[foot].size() > keep)
            m_recent[foot].pop_front();
    }
    if (m_capture && hostClock_ns() >= m_capture->until_ns) {
        for (std::size_t f = 0; f < 2; ++f) {
            try {
                Calibration c = m_capture->feet[f].result();
                m_calibration[f] = std::move(c);
            } catch (const Error& e) {
                Q_EMIT errorOccurred(tr("Calibration of the %1 insole failed: %2")
                                         .arg(QString::fromUtf8(footName(Foot(f)).data()), QString::fromStdString(e.what())));
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
    if (m_recent[0].size() < t || m_recent[1].size() < t)
        return;
    const std::size_t cells = std::size_t(c.inputRows * c.inputCols);
    std::vector<float> window(2 * t * cells);
    TimeNs newest = 0;
    for (std::size_t f = 0; f < 2; ++f) {
        const auto& recent = m_recent[f];
        for (std::size_t i = 0; i < t; ++i) {
            const TactileFrame& frame = recent[recent.size() - t + i];
            if (frame.raw_adc.size() != cells)
                return; // a model with another input size: nothing sensible to run
            m_calibration[f].normalize(frame.raw_adc, std::span<float>(window).subspan((f * t + i) * cells, cells));
            newest = std::max(newest, frame.hostTime_ns);
        }
    }
    const TimeNs labelTime = m_recent[0][m_recent[0].size() - t + std::size_t(c.labelIndex())].hostTime_ns;
    if (!m_pendingArrivals.empty() && m_pendingArrivals.back().first == labelTime)
        return; // this window was submitted already
    m_pendingArrivals.emplace_back(labelTime, newest);
    while (m_pendingArrivals.size() > 64)
        m_pendingArrivals.pop_front();
    m_worker->submit(std::move(window), labelTime);
}

LiveStats LiveSession::stats() const
{
    LiveStats s;
    if (m_source)
        s.source = m_source->as<InsoleSource>()->stats();
    s.received = m_received;
    s.queueDropped = m_queue ? m_queue->dropped() : 0;
    if (m_recorder) {
        const RecorderStats r = m_recorder->stats();
        s.recording = true;
        s.recorded = r.frames;
        s.recordingPath = m_recordingPath;
    }
    s.predictions = m_predictions;
    if (m_worker)
        s.supersededWindows = m_worker->superseded();
    s.inferenceLatency_ms = m_lastResult.latency_ms;
    if (m_camera) {
        const CameraStats c = m_camera->as<CameraRecorder>()->stats();
        s.cameraOpen = c.open;
        s.cameraRate_hz = c.frameRate_hz;
        s.cameraFrames = c.frames;
        s.cameraDropped = c.dropped;
    }
    s.computeLatency_ms = m_lastResult.compute_ms;
    return s;
}

} // namespace insolepose::devices
