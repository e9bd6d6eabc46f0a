#include "PlaybackClock.h"

#include <algorithm>

namespace insolepose {

PlaybackClock::PlaybackClock(QObject* parent) : QObject(parent) {}

void PlaybackClock::setRange(TimeNs start_ns, TimeNs end_ns)
{
    m_start_ns = start_ns;
    m_end_ns = std::max(start_ns, end_ns);
    m_cursor_ns = m_start_ns;
    Q_EMIT cursorChanged(m_cursor_ns);
}

void PlaybackClock::setEnabled(bool enabled)
{
    m_enabled = enabled;
    if (!enabled)
        pause();
}

void PlaybackClock::setCursor(TimeNs t_ns)
{
    if (!m_enabled)
        return;
    m_cursor_ns = std::clamp(t_ns, m_start_ns, m_end_ns);
    Q_EMIT cursorChanged(m_cursor_ns);
}

void PlaybackClock::play()
{
    if (!m_enabled)
        return;
    if (m_cursor_ns >= m_end_ns && !m_loop)
        m_cursor_ns = m_start_ns;
    if (m_playing)
        return;
    m_playing = true;
    Q_EMIT playingChanged(true);
}

void PlaybackClock::pause()
{
    if (!m_playing)
        return;
    m_playing = false;
    Q_EMIT playingChanged(false);
}

void PlaybackClock::togglePlay()
{
    if (m_playing)
        pause();
    else
        play();
}

void PlaybackClock::setSpeed(double speed)
{
    const double clamped = std::clamp(speed, kMinSpeed, kMaxSpeed);
    if (clamped == m_speed)
        return;
    m_speed = clamped;
    Q_EMIT speedChanged(m_speed);
}

void PlaybackClock::setLoop(std::optional<Range> range)
{
    if (range == m_loop)
        return;
    m_loop = range;
    Q_EMIT loopChanged();
}

void PlaybackClock::tick(TimeNs elapsed_ns)
{
    if (!m_playing)
        return;
    TimeNs t = m_cursor_ns + TimeNs(double(elapsed_ns) * m_speed);
    if (m_loop) {
        const auto [first, second] = *m_loop;
        if (t >= second || t < first)
            t = first + (t >= second ? (t - second) % std::max<TimeNs>(1, second - first) : 0);
    } else if (t >= m_end_ns) {
        t = m_end_ns;
        pause();
    }
    setCursor(t);
}

std::optional<std::size_t> PlaybackClock::latestSampleAt(TimeNs t_ns) const
{
    // The last sample at or before t (binary search over the stream's sorted times).
    std::size_t lo = 0, hi = m_streams->sampleCount(m_step);
    while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        if (m_streams->sampleTime(m_step, mid) <= t_ns)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return std::nullopt;
    return lo - 1;
}

void PlaybackClock::stepFrame(int direction)
{
    if (!m_enabled)
        return;
    pause();
    const std::size_t count = m_streams ? m_streams->sampleCount(m_step) : 0;
    if (count == 0)
        return;
    const auto i = latestSampleAt(m_cursor_ns);
    std::size_t target = 0;
    if (direction > 0)
        target = i ? std::min(*i + 1, count - 1) : 0;
    else if (i)
        target = m_streams->sampleTime(m_step, *i) < m_cursor_ns ? *i : (*i > 0 ? *i - 1 : 0);
    setCursor(m_streams->sampleTime(m_step, target));
}

void PlaybackClock::jumpToStart() { setCursor(m_start_ns); }
void PlaybackClock::jumpToEnd() { setCursor(m_end_ns); }

void PlaybackClock::jumpToNextLabel()
{
    if (!m_enabled || !m_streams)
        return;
    std::optional<TimeNs> next;
    for (TimeNs start : m_streams->labelStarts_ns())
        if (start > m_cursor_ns + kNsPerMs && (!next || start < *next))
            next = start;
    if (next)
        setCursor(*next);
}

} // namespace insolepose
