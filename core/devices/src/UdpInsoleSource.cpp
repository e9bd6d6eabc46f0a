#include "insolepose/devices/UdpInsoleSource.h"

#include "insolepose/Error.h"

#include <QLoggingCategory>
#include <QNetworkDatagram>
#include <QUdpSocket>

Q_LOGGING_CATEGORY(lcUdpInsole, "insolepose.devices.udp")

namespace insolepose::devices {

UdpInsoleSource::UdpInsoleSource(QHostAddress address, quint16 port, UdpLayout layout,
                                 std::shared_ptr<FrameQueue> queue, QObject* parent)
    : UdpInsoleSource(std::move(address), port, layout, std::move(queue), UdpSourceOptions{}, parent)
{}

UdpInsoleSource::UdpInsoleSource(QHostAddress address, quint16 port, UdpLayout layout,
                                 std::shared_ptr<FrameQueue> queue, UdpSourceOptions options, QObject* parent)
    : InsoleSource(QStringLiteral("udp://%1:%2").arg(address.toString()).arg(port), std::move(queue), parent),
      m_address(std::move(address)), m_port(port), m_layout(layout), m_options(std::move(options))
{
    m_layout.validate();
    m_options.maxSequenceJump = std::max<std::uint32_t>(1, m_options.maxSequenceJump);
}

UdpInsoleSource::~UdpInsoleSource() = default;

void UdpInsoleSource::start()
{
    if (m_socket)
        return;
    m_socket = new QUdpSocket(this);
    m_socket->setReadBufferSize(256 * 1024);
    if (!m_socket->bind(m_address, m_port)) {
        reportError(tr("cannot bind UDP %1:%2: %3").arg(m_address.toString()).arg(m_port).arg(m_socket->errorString()));
        setState(LinkState::Failed, m_socket->errorString());
        return;
    }
    m_boundPort = m_socket->localPort();
    connect(m_socket, &QUdpSocket::readyRead, this, &UdpInsoleSource::onReadyRead);
    setState(LinkState::Waiting, tr("waiting for datagrams"));
}

void UdpInsoleSource::onReadyRead()
{
    while (m_socket->hasPendingDatagrams()) {
        const QNetworkDatagram d = m_socket->receiveDatagram(64 * 1024);
        const QByteArray data = d.data();
        const auto decoded = decodeUdp({data.constData(), std::size_t(data.size())}, m_layout);
        if (!decoded) {
            ++m_rejected;
            setDecoderStats(m_rejected, 0);
            continue;
        }
        const TimeNs now = hostClock_ns();
        if (!accept(*decoded, d.senderAddress(), quint16(std::max(0, d.senderPort())), now)) {
            countRejected();
            continue;
        }
        const int f = static_cast<int>(decoded->foot);
        TactileFrame frame;
        frame.foot = decoded->foot;
        frame.hostTime_ns = now;
        frame.sequence = decoded->sequence ? *decoded->sequence : m_counter[f]++;
        frame.raw_adc = toModelGrid(decoded->readings, m_layout.grid);
        setConnected(decoded->foot, true);
        setState(LinkState::Connected, tr("receiving"));
        publish(std::move(frame));
    }
}

bool UdpInsoleSource::accept(const UdpFrame& frame, const QHostAddress& from, quint16 fromPort, TimeNs now)
{
    if (!m_options.allowedSender.isNull() && !from.isEqual(m_options.allowedSender)) {
        if (!m_loggedForeign)
            qCWarning(lcUdpInsole).noquote() << "rejecting datagrams from" << from.toString() << ": only"
                                             << m_options.allowedSender.toString() << "may send";
        m_loggedForeign = true;
        return false;
    }
    const Foot foot = frame.foot;
    // One sender per foot: another one is refused while the foot's sender keeps sending.
    auto& sender = m_sender[foot];
    const bool sameSender = sender && sender->address.isEqual(from) && sender->port == fromPort;
    if (sender && !sameSender && now - sender->lastFrame_ns <= TimeNs(m_options.takeoverAfter_ms) * 1'000'000)
        return false;
    if (!sameSender) {
        if (sender)
            qCInfo(lcUdpInsole).noquote() << footName(foot).data() << "foot now comes from" << from.toString()
                                          << fromPort << "after" << (now - sender->lastFrame_ns) / 1'000'000
                                          << "ms of silence from" << sender->address.toString() << sender->port;
        sender = Sender{from, fromPort, now};
        m_lastSequence[foot].reset(); // a new sender starts its own numbering
        m_resyncCandidate[foot].reset();
    }
    if (frame.sequence) {
        const std::uint32_t seq = *frame.sequence;
        auto& last = m_lastSequence[foot];
        const std::int64_t window = m_options.maxSequenceJump;
        if (last) {
            const std::int64_t delta = std::int64_t(seq) - std::int64_t(*last);
            if (delta == 0)
                return false; // a duplicate
            if (delta > window || delta < -window) {
                // Not believable after the last one: reject it, unless it continues a jump the
                // previous datagram made (the board restarted or really lost that much).
                auto& candidate = m_resyncCandidate[foot];
                const bool confirms = candidate && seq > *candidate && seq - *candidate <= std::uint32_t(window);
                candidate = seq;
                if (!confirms)
                    return false;
                qCInfo(lcUdpInsole).noquote()
                    << footName(foot).data() << "sequence resynchronised from" << *last << "to" << seq;
                candidate.reset();
                last = seq;
                sender->lastFrame_ns = now;
                return true;
            }
            if (delta > 0) {
                addLost(foot, std::uint64_t(delta - 1));
                last = seq;
            } // else a late datagram: taken, the numbering stays where it was
        } else {
            last = seq;
        }
        m_resyncCandidate[foot].reset();
    }
    sender->lastFrame_ns = now;
    return true;
}

void UdpInsoleSource::stop()
{
    if (m_socket)
        m_socket->close();
    setState(LinkState::Stopped);
}

} // namespace insolepose::devices
