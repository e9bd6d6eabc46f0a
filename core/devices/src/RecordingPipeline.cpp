#include "insolepose/devices/RecordingPipeline.h"

#include "insolepose/Error.h"
#include "insolepose/devices/CameraLoader.h"
#include "insolepose/devices/DeviceThread.h"
#include "insolepose/devices/SourceUrl.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QThread>
#include <QTimer>

#include <filesystem>

namespace insolepose::devices {

RecordingPipeline::RecordingPipeline(QObject* parent)
    : QObject(parent), m_queue(std::make_shared<FrameQueue>(kQueueCapacity))
{
    m_timer = new QTimer(this);
    m_timer->setInterval(20);
    connect(m_timer, &QTimer::timeout, this, &RecordingPipeline::poll);
}

RecordingPipeline::~RecordingPipeline()
{
    removeInsoles();
    stopRecording();
    removeCamera();
}

bool RecordingPipeline::addInsoles(const QString& url, InsoleSize size)
{
    QString error;
    auto source = makeInsoleSource(url, size, m_queue, &error);
    if (!source) {
        m_lastError = error;
        return false;
    }
    connect(source.get(), &InsoleSource::errorOccurred, this,
            [this, url](const QString& m) { Q_EMIT deviceError(url, m); });
    m_sources.push_back(std::make_unique<DeviceThread>(std::move(source), url));
    m_sources.back()->start();
    m_timer->start();
    return true;
}

void RecordingPipeline::removeInsoles()
{
    if (m_sources.empty())
        return;
    for (auto& s : m_sources)
        s->stop();
    poll(); // the last frames still go to the recording
    m_sources.clear();
    m_timer->stop();
}

std::vector<SourceStats> RecordingPipeline::sourceStats() const
{
    std::vector<SourceStats> out;
    for (const auto& s : m_sources)
        out.push_back(s->as<InsoleSource>()->stats());
    return out;
}

std::uint64_t RecordingPipeline::queueDropped() const { return m_queue->dropped(); }

bool RecordingPipeline::startCamera(const std::filesystem::path& folder, TimeNs origin_ns)
{
    if (m_camera)
        m_camera->stop();
    m_camera.reset();
    auto cam = makeCamera(m_cameraSource, folder, QStringLiteral("cam0"), origin_ns, m_cameraLoop, &m_lastError);
    if (!cam) {
        Q_EMIT deviceError(QStringLiteral("camera"), m_lastError);
        return false;
    }
    connect(cam.get(), &CameraDevice::errorOccurred, this,
            [this](const QString& m) { Q_EMIT deviceError(QStringLiteral("camera"), m); });
    m_camera = std::make_unique<DeviceThread>(std::move(cam), QStringLiteral("camera"));
    m_cameraSerial = 0;
    m_camera->start();
    return true;
}

bool RecordingPipeline::checkInsoles(const QString& url, InsoleSize size, QString* error)
{
    return makeInsoleSource(url, size, std::make_shared<FrameQueue>(1), error) != nullptr;
}

bool RecordingPipeline::checkCamera(const QString& source, QString* error)
{
    bool isIndex = false;
    const int index = source.toInt(&isIndex);
    if (source.isEmpty() || (!isIndex && !source.contains(QStringLiteral("://")) && !QFileInfo::exists(source))) {
        if (error)
            *error = tr("camera '%1': not a device index, an existing video file or a URL").arg(source);
        return false;
    }
    if (isIndex && index < 0) { // OpenCV would open "any camera" for -1: never a silent substitute
        if (error)
            *error = tr("camera '%1': a device index is 0 or more").arg(source);
        return false;
    }
    return true;
}

bool RecordingPipeline::waitForCamera(int timeout_ms)
{
    QElapsedTimer clock;
    clock.start();
    while (m_camera) {
        const CameraStats st = m_camera->as<CameraDevice>()->stats();
        if (st.open || st.frames > 0)
            return true;
        if (!st.lastError.isEmpty()) {
            m_lastError = st.lastError;
            return false;
        }
        if (clock.elapsed() >= timeout_ms) {
            m_lastError = tr("camera '%1': did not open within %2 s").arg(m_cameraSource).arg(timeout_ms / 1000.0);
            return false;
        }
        QThread::msleep(5);
    }
    if (m_lastError.isEmpty())
        m_lastError = tr("no camera is set");
    return false;
}

bool RecordingPipeline::setCamera(const QString& source, bool loopFile)
{
    if (!checkCamera(source, &m_lastError))
        return false;
    m_cameraSource = source;
    m_cameraLoop = loopFile;
    if (m_recorder)
        return startCamera(m_recorder->path() / "cameras", m_recorder->clockOrigin_ns());
    return startCamera({}, hostClock_ns());
}

void RecordingPipeline::removeCamera()
{
    if (m_camera)
        m_camera->stop();
    m_camera.reset();
    m_cameraSource.clear();
}

bool RecordingPipeline::takeCameraFrame(VideoImage& out)
{
    return m_camera && m_camera->as<CameraDevice>()->latestFrame(out, m_cameraSerial);
}

std::optional<CameraStats> RecordingPipeline::cameraStats() const
{
    if (!m_camera)
        return std::nullopt;
    return m_camera->as<CameraDevice>()->stats();
}

bool RecordingPipeline::startRecording(const std::filesystem::path& dir, SessionMetadata metadata,
                                       double calibrationSeconds)
{
    if (m_recorder) {
        m_lastError = tr("already recording to %1").arg(recordingPath());
        return false;
    }
    {
        std::error_code ec;
        if (std::filesystem::exists(dir, ec) &&
            (!std::filesystem::is_directory(dir, ec) ||
             std::filesystem::directory_iterator(dir, ec) != std::filesystem::directory_iterator() || ec)) {
            m_lastError = tr("%1: not an empty folder; record into a new folder so that no file in it is overwritten")
                              .arg(QString::fromStdString(dir.string()));
            return false;
        }
    }
    auto recordQueue = std::make_shared<FrameQueue>(kQueueCapacity);
    const TimeNs origin = hostClock_ns();
    try {
        m_recorder = std::make_unique<Recorder>(dir, std::move(metadata), recordQueue, origin);
    } catch (const Error& e) {
        m_lastError = QString::fromStdString(e.what());
        return false;
    }
    m_recordQueue = std::move(recordQueue);
    m_recorder->setCalibrationSeconds(calibrationSeconds);
    connect(m_recorder.get(), &Recorder::errorOccurred, this, &RecordingPipeline::recordingFailed);
    m_recorder->start();
    if (m_camera)
        startCamera(dir / "cameras", origin); // the same camera, now also written to the session
    return true;
}

void RecordingPipeline::stopRecording()
{
    if (!m_recorder)
        return;
    poll();
    m_recorder->stop();
    m_recorder.reset();
    m_recordQueue.reset();
    if (m_camera)
        startCamera({}, hostClock_ns()); // back to preview; closes the recorded video
}

std::optional<RecorderStats> RecordingPipeline::recorderStats() const
{
    if (!m_recorder)
        return std::nullopt;
    return m_recorder->stats();
}

QString RecordingPipeline::recordingPath() const
{
    return m_recorder ? QString::fromStdString(m_recorder->path().string()) : QString();
}

void RecordingPipeline::poll()
{
    std::vector<TactileFrame> frames = m_queue->drain();
    if (frames.empty())
        return;
    if (m_recordQueue)
        for (const TactileFrame& f : frames)
            m_recordQueue->push(f);
    Q_EMIT framesArrived(frames);
}

} // namespace insolepose::devices
