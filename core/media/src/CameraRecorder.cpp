#include "insolepose/media/CameraRecorder.h"

#include "insolepose/Npy.h"

#include <QTimer>

#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include <cmath>
#include <deque>

namespace insolepose::media {

struct CameraRecorder::Impl {
    QString source;
    std::filesystem::path folder;
    QString name;
    TimeNs origin_ns = 0;
    bool loop = false;
    bool isFile = false;
    cv::VideoCapture capture;
    cv::VideoWriter writer;
    std::unique_ptr<NpyAppender> stamps;
    QTimer* timer = nullptr;
    double period_s = 1.0 / 30.0;
    TimeNs started_ns = 0;
    std::uint64_t due = 0; ///< Index of the next frame a file should deliver.
    TimeNs lastFlush_ns = 0;
    TimeNs lastFrame_ns = 0;
    std::deque<TimeNs> recent;
    cv::Mat frame;
};

CameraRecorder::CameraRecorder(QString source, std::filesystem::path folder, QString name, TimeNs clockOrigin_ns,
                               bool loop, QObject* parent)
    : CameraDevice(parent), d(std::make_unique<Impl>())
{
    d->source = std::move(source);
    d->folder = std::move(folder);
    d->name = std::move(name);
    d->origin_ns = clockOrigin_ns;
    d->loop = loop;
    m_stats.source = d->source;
}

CameraRecorder::~CameraRecorder() = default;

CameraStats CameraRecorder::stats() const
{
    std::lock_guard lock(m_mutex);
    return m_stats;
}

void CameraRecorder::fail(const QString& message)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_stats.lastError == message)
            return;
        m_stats.lastError = message;
    }
    Q_EMIT errorOccurred(message);
}

void CameraRecorder::start()
{
    try {
        open();
    } catch (const cv::Exception& e) {
        fail(tr("camera '%1': %2").arg(d->source, QString::fromStdString(e.err)));
        stop();
    } catch (const std::exception& e) {
        fail(tr("camera '%1': %2").arg(d->source, QString::fromUtf8(e.what())));
        stop();
    }
}

void CameraRecorder::open()
{
    bool isIndex = false;
    const int index = d->source.toInt(&isIndex);
    const bool opened = isIndex ? index >= 0 && d->capture.open(index) : d->capture.open(d->source.toStdString());
    if (!opened) {
        fail(isIndex ? tr("cannot open camera '%1': no video device with that index, or it is busy").arg(d->source)
                     : tr("cannot open camera '%1'").arg(d->source));
        return;
    }
    d->isFile = !isIndex && !d->source.contains(QStringLiteral("://"));
    const double fps = d->capture.get(cv::CAP_PROP_FPS);
    d->period_s = (fps > 1.0 && fps < 240.0) ? 1.0 / fps : 1.0 / 30.0;
    if (!d->capture.read(d->frame) || d->frame.empty()) {
        fail(tr("camera '%1' delivers no frames").arg(d->source));
        return;
    }
    if (!d->folder.empty()) { // else preview only: nothing is written
        std::error_code ec;
        std::filesystem::create_directories(d->folder, ec);
        const std::filesystem::path video = d->folder / (d->name.toStdString() + ".mkv");
        d->writer.open(video.string(), cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 1.0 / d->period_s, d->frame.size());
        if (!d->writer.isOpened()) {
            fail(tr("cannot write %1").arg(QString::fromStdString(video.string())));
            return;
        }
        try {
            d->stamps = std::make_unique<NpyAppender>(d->folder / (d->name.toStdString() + "_timestamps.npy"),
                                                      DType::I64, std::vector<std::size_t>{});
        } catch (const std::exception& e) {
            fail(QString::fromUtf8(e.what()));
            return;
        }
    }
    {
        std::lock_guard lock(m_mutex);
        m_stats.open = true;
        m_stats.width = d->frame.cols;
        m_stats.height = d->frame.rows;
    }
    d->started_ns = hostClock_ns();
    d->due = 0;
    d->timer = new QTimer(this);
    d->timer->setTimerType(Qt::PreciseTimer);
    connect(d->timer, &QTimer::timeout, this, &CameraRecorder::grab);
    d->timer->start(d->isFile ? 2 : 0);
    grab(); // the first frame is already decoded
}

void CameraRecorder::grab()
{
    try {
        grabFrame();
    } catch (const cv::Exception& e) {
        fail(tr("camera '%1': %2").arg(d->source, QString::fromStdString(e.err)));
        stop();
    } catch (const std::exception& e) { // e.g. the timestamps cannot be written (disk full)
        fail(tr("camera '%1': %2").arg(d->source, QString::fromUtf8(e.what())));
        stop();
    }
}

void CameraRecorder::grabFrame()
{
    TimeNs now = hostClock_ns();
    if (d->isFile) {
        // A file plays at its own rate: wait for the next frame's time; skip what is overdue.
        const TimeNs dueAt = d->started_ns + TimeNs(double(d->due) * d->period_s * 1e9);
        if (now < dueAt)
            return;
        const auto late = std::uint64_t(double(now - dueAt) / (d->period_s * 1e9));
        for (std::uint64_t k = 0; k < late; ++k)
            d->capture.grab();
        if (late > 0) {
            std::lock_guard lock(m_mutex);
            m_stats.dropped += late;
        }
        d->due += late + 1;
        if (d->frame.empty() && !d->capture.read(d->frame)) {
            if (!d->loop) {
                stop();
                return;
            }
            d->capture.set(cv::CAP_PROP_POS_FRAMES, 0);
            if (!d->capture.read(d->frame)) {
                fail(tr("camera '%1': cannot restart the file").arg(d->source));
                stop();
                return;
            }
        }
    } else {
        if (d->frame.empty() && !d->capture.read(d->frame)) {
            fail(tr("camera '%1' stopped delivering frames").arg(d->source));
            return;
        }
        now = hostClock_ns();
        if (d->lastFrame_ns > 0) {
            const double gaps = double(now - d->lastFrame_ns) / (d->period_s * 1e9);
            if (gaps > 1.5) {
                std::lock_guard lock(m_mutex);
                m_stats.dropped += std::uint64_t(std::lround(gaps) - 1);
            }
        }
    }
    d->lastFrame_ns = now;
    if (d->writer.isOpened())
        d->writer.write(d->frame);
    {
        std::lock_guard lock(m_mutex);
        m_latest.index = std::int64_t(m_latestSerial);
        m_latest.width = d->frame.cols;
        m_latest.height = d->frame.rows;
        m_latest.rgb.resize(std::size_t(d->frame.cols) * std::size_t(d->frame.rows) * 3);
        cv::Mat rgb(d->frame.rows, d->frame.cols, CV_8UC3, m_latest.rgb.data());
        cv::cvtColor(d->frame, rgb, cv::COLOR_BGR2RGB);
        ++m_latestSerial;
    }
    d->frame.release();
    const TimeNs t = now - d->origin_ns;
    if (d->stamps) {
        d->stamps->append(&t, 1);
        if (now - d->lastFlush_ns > kNsPerSecond / 2) {
            d->stamps->flush();
            d->lastFlush_ns = now;
        }
    }
    d->recent.push_back(now);
    while (now - d->recent.front() > kNsPerSecond)
        d->recent.pop_front();
    std::lock_guard lock(m_mutex);
    ++m_stats.frames;
    m_stats.frameRate_hz = double(d->recent.size());
}

bool CameraRecorder::latestFrame(VideoImage& out, std::uint64_t& serial) const
{
    std::lock_guard lock(m_mutex);
    if (m_latestSerial == serial || m_latest.rgb.empty())
        return false;
    out = m_latest;
    serial = m_latestSerial;
    return true;
}

void CameraRecorder::stop()
{
    if (d->timer)
        d->timer->stop();
    if (d->writer.isOpened())
        d->writer.release();
    if (d->stamps) {
        try {
            d->stamps->close();
        } catch (const std::exception& e) { // a slot: report, never throw
            fail(QString::fromUtf8(e.what()));
        }
    }
    d->capture.release();
    std::lock_guard lock(m_mutex);
    m_stats.open = false;
}

} // namespace insolepose::media

insolepose::CameraDevice* insolepose_media_make_camera(const QString& source, const std::filesystem::path& folder,
                                                       const QString& name, insolepose::TimeNs clockOrigin_ns,
                                                       bool loop)
{
    return new insolepose::media::CameraRecorder(source, folder, name, clockOrigin_ns, loop);
}
