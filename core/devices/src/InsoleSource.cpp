#include "insolepose/devices/InsoleSource.h"

#include <chrono>
#include <cmath>

namespace insolepose::devices {

const char* linkStateName(LinkState s)
{
    switch (s) {
    case LinkState::Stopped: return "stopped";
    case LinkState::Waiting: return "waiting";
    case LinkState::Connected: return "connected";
    case LinkState::Reconnecting: return "reconnecting";
    case LinkState::Failed: return "failed";
    }
    return "?";
}

bool FrameQueue::push(TactileFrame frame)
{
    bool kept = true;
    {
        std::lock_guard lock(m_mutex);
        if (m_frames.size() >= m_capacity) {
            m_frames.pop_front();
            m_dropped.fetch_add(1);
            kept = false;
        }
        m_frames.push_back(std::move(frame));
    }
    m_ready.notify_one();
    return kept;
}

std::vector<TactileFrame> FrameQueue::drain()
{
    std::lock_guard lock(m_mutex);
    std::vector<TactileFrame> out(std::make_move_iterator(m_frames.begin()), std::make_move_iterator(m_frames.end()));
    m_frames.clear();
    return out;
}

std::vector<TactileFrame> FrameQueue::waitAndDrain(int timeout_ms)
{
    {
        std::unique_lock lock(m_mutex);
        m_ready.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&] { return !m_frames.empty(); });
    }
    return drain();
}

InsoleSource::InsoleSource(QString name, std::shared_ptr<FrameQueue> queue, QObject* parent)
    : QObject(parent), m_queue(std::move(queue))
{
    m_stats.name = std::move(name);
}

InsoleSource::~InsoleSource() = default;

SourceStats InsoleSource::stats() const
{
    std::lock_guard lock(m_statsMutex);
    SourceStats s = m_stats;
    s.dropped = m_queue ? m_queue->dropped() : 0;
    return s;
}

void InsoleSource::publish(TactileFrame frame)
{
    const TimeNs now = frame.hostTime_ns;
    {
        std::lock_guard lock(m_statsMutex);
        const int f = static_cast<int>(frame.foot);
        FootStats& fs = m_stats.feet[f];
        ++fs.frames;
        fs.lastFrame_ns = now;
        auto& recent = m_recent[f];
        recent.push_back(now);
        while (!recent.empty() && now - recent.front() > kNsPerSecond)
            recent.pop_front();
        fs.frameRate_hz = double(recent.size());
        if (recent.size() >= 2) {
            const double mean = nsToSeconds(recent.back() - recent.front()) * 1000.0 / double(recent.size() - 1);
            double var = 0;
            for (std::size_t i = 1; i < recent.size(); ++i) {
                const double d = nsToSeconds(recent[i] - recent[i - 1]) * 1000.0 - mean;
                var += d * d;
            }
            fs.interval_ms = mean;
            fs.jitter_ms = std::sqrt(var / double(recent.size() - 1));
        }
        // Latency: how much later than the fastest frame this one arrived, measured against the
        // board's clock (device timestamps, or sequence number times the mean sampling period).
        ClockFit& fit = m_clock[f];
        double offset_ms = 0.0;
        bool haveOffset = false;
        double period_ms = -1.0; // < 0: unchanged
        if (frame.deviceTime_ns != 0) {
            offset_ms = nsToSeconds(now - frame.deviceTime_ns) * 1000.0;
            haveOffset = true;
        } else if (!fit.started || frame.sequence <= fit.firstSequence) {
            fit = ClockFit{true, now, frame.sequence, 1e300, 0.0, 0};
        } else {
            const double elapsed_ms = nsToSeconds(now - fit.firstHost_ns) * 1000.0;
            const double n = double(frame.sequence - fit.firstSequence);
            if (fit.period_ms > 0.0 && n > 20) {
                offset_ms = elapsed_ms - fit.period_ms * n;
                haveOffset = true;
            }
            period_ms = elapsed_ms / n; // long-run mean, so the board's clock drift cancels
        }
        // One frame with a wild sequence number or device time (a spoofed or corrupted one) must
        // not move the clock fit: an offset this far from the fastest frame is not averaged in.
        // Several in a row mean the board's clock really jumped (a reset): start the fit afresh.
        constexpr double kLatencyOutlier_ms = 5000.0;
        const bool outlier =
            haveOffset && fit.minOffset_ms < 1e299 && std::abs(offset_ms - fit.minOffset_ms) > kLatencyOutlier_ms;
        if (outlier) {
            if (++fit.outliers >= 3)
                fit = ClockFit{true, now, frame.sequence, frame.deviceTime_ns != 0 ? offset_ms : 1e300, 0.0, 0};
        } else {
            fit.outliers = 0;
            if (period_ms >= 0.0)
                fit.period_ms = period_ms;
            if (haveOffset) {
                fit.minOffset_ms = std::min(fit.minOffset_ms, offset_ms);
                fs.latency_ms = 0.9 * fs.latency_ms + 0.1 * (offset_ms - fit.minOffset_ms);
            }
        }
    }
    if (m_queue)
        m_queue->push(std::move(frame));
}

void InsoleSource::setState(LinkState s, const QString& message)
{
    {
        std::lock_guard lock(m_statsMutex);
        if (m_stats.state == s)
            return;
        m_stats.state = s;
    }
    Q_EMIT stateChanged(static_cast<int>(s), message);
}

void InsoleSource::setConnected(Foot foot, bool connected)
{
    std::lock_guard lock(m_statsMutex);
    m_stats.feet[foot].connected = connected;
}

void InsoleSource::reportError(const QString& message)
{
    {
        std::lock_guard lock(m_statsMutex);
        if (m_stats.lastError == message)
            return; // report each error once
        m_stats.lastError = message;
    }
    Q_EMIT errorOccurred(message);
}

void InsoleSource::addLost(Foot foot, std::uint64_t n)
{
    std::lock_guard lock(m_statsMutex);
    m_stats.feet[foot].lost += n;
}

void InsoleSource::setDecoderStats(std::uint64_t resyncs, std::uint64_t discardedBytes)
{
    std::lock_guard lock(m_statsMutex);
    m_stats.resyncs = resyncs;
    m_stats.discardedBytes = discardedBytes;
}

void InsoleSource::countReconnect()
{
    std::lock_guard lock(m_statsMutex);
    ++m_stats.reconnects;
}

void InsoleSource::countRefusedConnection()
{
    std::lock_guard lock(m_statsMutex);
    ++m_stats.refusedConnections;
}

void InsoleSource::countRejected()
{
    std::lock_guard lock(m_statsMutex);
    ++m_stats.rejected;
}

} // namespace insolepose::devices
