#include "insolepose/devices/ReplaySource.h"

#include "insolepose/Error.h"
#include "insolepose/SessionReader.h"

#include <QTimer>

namespace insolepose::devices {

ReplaySource::ReplaySource(std::filesystem::path session, double speed, bool loop, std::shared_ptr<FrameQueue> queue,
                           QObject* parent)
    : InsoleSource(QStringLiteral("replay://%1").arg(QString::fromStdString(session.string())), std::move(queue),
                   parent),
      m_path(std::move(session)), m_speed(speed > 0 ? speed : 1.0), m_loop(loop)
{}

ReplaySource::~ReplaySource() = default;

void ReplaySource::start()
{
    try {
        m_session = std::make_unique<Session>(openSession(m_path));
    } catch (const Error& e) {
        reportError(QString::fromStdString(e.what()));
        setState(LinkState::Failed, QString::fromStdString(e.what()));
        return;
    }
    m_startSession_ns = m_session->timeRange().first;
    m_startHost_ns = hostClock_ns();
    m_next = {0, 0};
    m_timer = new QTimer(this);
    m_timer->setTimerType(Qt::PreciseTimer);
    m_timer->setInterval(2);
    connect(m_timer, &QTimer::timeout, this, &ReplaySource::tick);
    m_timer->start();
    for (Foot f : kFeet)
        setConnected(f, !m_session->tactile(f).samples().empty());
    setState(LinkState::Connected, tr("replaying"));
}

void ReplaySource::tick()
{
    const TimeNs now = hostClock_ns();
    const TimeNs sessionNow = m_startSession_ns + TimeNs(double(now - m_startHost_ns) * m_speed);
    bool finished = true;
    for (Foot foot : kFeet) {
        const auto& stream = m_session->tactile(foot);
        auto& i = m_next[foot];
        while (i < stream.size() && stream.timeAt(i) <= sessionNow) {
            TactileFrame frame;
            frame.foot = foot;
            frame.hostTime_ns = now;
            frame.deviceTime_ns = stream.timeAt(i);
            frame.sequence = stream.sequenceAt(i);
            frame.raw_adc.assign(stream.raw(i).begin(), stream.raw(i).end());
            publish(std::move(frame));
            ++i;
        }
        finished &= i >= stream.size();
    }
    if (finished) {
        if (m_loop) {
            m_startHost_ns = now;
            m_next = {0, 0};
        } else {
            m_timer->stop();
            setState(LinkState::Stopped, tr("replay finished"));
        }
    }
}

void ReplaySource::stop()
{
    if (m_timer)
        m_timer->stop();
    setState(LinkState::Stopped);
}

} // namespace insolepose::devices
