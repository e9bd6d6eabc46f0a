#include "insolepose/devices/Recorder.h"

#include "insolepose/Error.h"

#include <QLoggingCategory>
#include <QTimer>

#include <cmath>

Q_LOGGING_CATEGORY(lcRecorder, "insolepose.recorder")

namespace insolepose::devices {

namespace {
constexpr TimeNs kGapThreshold_ns = kNsPerSecond / 2;
std::string tactileStreamName(Foot f) { return "tactile_" + std::string(footName(f)); }
} // namespace

// --- calibration ------------------------------------------------------------------------------
CalibrationCapture::CalibrationCapture(GridSize insoleGrid, float span_adc)
    : m_live(liveTaxelMask(insoleGrid)), m_sum(m_live.size(), 0.0), m_sumSq(m_live.size(), 0.0),
      m_min(m_live.size(), 0xffff), m_max(m_live.size(), 0), m_span(span_adc)
{}

void CalibrationCapture::add(std::span<const std::uint16_t> raw)
{
    if (raw.size() != m_live.size())
        throw FormatError("calibration: frame has " + std::to_string(raw.size()) + " readings, expected " +
                          std::to_string(m_live.size()));
    for (std::size_t i = 0; i < raw.size(); ++i) {
        m_sum[i] += raw[i];
        m_sumSq[i] += double(raw[i]) * raw[i];
        m_min[i] = std::min(m_min[i], raw[i]);
        m_max[i] = std::max(m_max[i], raw[i]);
    }
    ++m_frames;
}

std::size_t CalibrationCapture::deadCount() const
{
    std::size_t n = 0;
    for (std::size_t i = 0; i < m_live.size(); ++i)
        n += m_live[i] && m_frames > 0 && m_min[i] == m_max[i] && m_max[i] < 4000;
    return n;
}

std::size_t CalibrationCapture::stuckCount() const
{
    std::size_t n = 0;
    for (std::size_t i = 0; i < m_live.size(); ++i)
        n += m_live[i] && m_frames > 0 && m_min[i] >= 4000;
    return n;
}

Calibration CalibrationCapture::result() const
{
    if (m_frames < 5)
        throw Error("calibration needs at least 5 unloaded frames, got " + std::to_string(m_frames));
    std::vector<float> baseline(m_live.size(), 0.0f);
    std::vector<std::uint8_t> bad(m_live.size(), 0);
    // A taxel that never changes is dead; one pinned near full scale is stuck.
    for (std::size_t i = 0; i < m_live.size(); ++i) {
        if (!m_live[i])
            continue;
        baseline[i] = float(m_sum[i] / double(m_frames));
        bad[i] = (m_min[i] == m_max[i]) || m_min[i] >= 4000;
    }
    Calibration c = Calibration::perTaxel(std::move(baseline), m_span);
    c.setBadTaxels(std::move(bad));
    return c;
}

// --- recorder ---------------------------------------------------------------------------------
Recorder::Recorder(std::filesystem::path dir, SessionMetadata metadata, std::shared_ptr<FrameQueue> queue,
                   TimeNs clockOrigin_ns, QObject* parent)
    : QObject(parent), m_dir(std::move(dir)), m_metadata(std::move(metadata)), m_queue(std::move(queue)),
      m_origin_ns(clockOrigin_ns)
{
    m_writer = std::make_unique<SessionWriter>(m_dir, m_metadata);
}

Recorder::~Recorder()
{
    if (m_writer)
        stop();
}

RecorderStats Recorder::stats() const
{
    std::lock_guard lock(m_mutex);
    return m_stats;
}

void Recorder::start()
{
    if (m_calibrationSeconds > 0)
        for (Foot f : kFeet)
            m_calibration[f].emplace(sourceGrid(m_metadata.insoles[f].size));
    {
        std::lock_guard lock(m_mutex);
        m_stats.recording = true;
        m_stats.calibrating = m_calibrationSeconds > 0;
    }
    m_timer = new QTimer(this);
    m_timer->setInterval(20);
    connect(m_timer, &QTimer::timeout, this, &Recorder::drain);
    m_timer->start();
}

void Recorder::append(const TactileFrame& in)
{
    TactileFrame frame = in;
    frame.hostTime_ns -= m_origin_ns;
    const Foot f = frame.foot;
    if (m_openGap[f]) {
        m_events.push_back({tactileStreamName(frame.foot), "gap", *m_openGap[f], frame.hostTime_ns,
                            "no frames from the " + std::string(footName(frame.foot)) + " insole"});
        m_openGap[f].reset();
        writeEvents();
    }
    m_lastFrame_ns[f] = frame.hostTime_ns;
    // Each insole calibrates from its own first seconds of frames (boards connect at their own pace).
    if (!m_firstFrame_ns[f])
        m_firstFrame_ns[f] = frame.hostTime_ns;
    if (m_calibration[f] && nsToSeconds(frame.hostTime_ns - *m_firstFrame_ns[f]) < m_calibrationSeconds)
        m_calibration[f]->add(frame.raw_adc);
    m_writer->appendTactile(frame);
    std::lock_guard lock(m_mutex);
    ++m_stats.frames[f];
}

void Recorder::drain()
{
    if (!m_writer)
        return;
    try {
        for (const TactileFrame& frame : m_queue->drain())
            append(frame);
        const TimeNs now = hostClock_ns() - m_origin_ns;
        for (Foot f : kFeet) {
            if (m_lastFrame_ns[f] >= 0 && !m_openGap[f] && now - m_lastFrame_ns[f] > kGapThreshold_ns) {
                m_openGap[f] = m_lastFrame_ns[f];
                std::lock_guard lock(m_mutex);
                ++m_stats.gaps;
            }
        }
        if (m_calibrationSeconds > 0) {
            bool calibrating = false;
            for (Foot f : kFeet)
                calibrating |= !m_firstFrame_ns[f] || nsToSeconds(now - *m_firstFrame_ns[f]) < m_calibrationSeconds;
            std::lock_guard lock(m_mutex);
            m_stats.calibrating = calibrating;
        }
        m_writer->flushIfDue();
    } catch (const Error& e) {
        const QString message = QString::fromStdString(e.what());
        qCWarning(lcRecorder) << "recording stopped:" << message;
        {
            std::lock_guard lock(m_mutex);
            m_stats.lastError = message;
        }
        Q_EMIT errorOccurred(message);
        stop();
    }
}

void Recorder::writeEvents()
{
    try {
        insolepose::writeEvents(m_dir, m_events);
    } catch (const Error& e) {
        qCWarning(lcRecorder) << e.what();
    }
}

void Recorder::stop()
{
    if (!m_writer)
        return;
    if (m_timer)
        m_timer->stop();
    try {
        for (const TactileFrame& frame : m_queue->drain())
            append(frame);
    } catch (const Error& e) {
        qCWarning(lcRecorder) << e.what();
    }
    const TimeNs end = hostClock_ns() - m_origin_ns;
    bool eventsChanged = false;
    for (Foot f : kFeet)
        if (m_openGap[f]) {
            m_events.push_back({tactileStreamName(f), "gap", *m_openGap[f], end, "no frames until the end"});
            eventsChanged = true;
        }
    if (eventsChanged)
        writeEvents();
    for (Foot f : kFeet) {
        if (!m_calibration[f])
            continue;
        try {
            m_metadata.insoles[f].calibration = m_calibration[f]->result();
        } catch (const Error& e) {
            qCWarning(lcRecorder) << footName(f).data() << "insole not calibrated:" << e.what();
        }
    }
    m_writer->setMetadata(m_metadata);
    try {
        m_writer->close();
    } catch (const Error& e) {
        qCWarning(lcRecorder) << e.what();
    }
    m_writer.reset();
    std::lock_guard lock(m_mutex);
    m_stats.recording = false;
}

} // namespace insolepose::devices
