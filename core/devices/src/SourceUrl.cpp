#include "insolepose/devices/SourceUrl.h"

#include "insolepose/devices/InsoleWire.h"
#include "insolepose/devices/ReplaySource.h"
#include "insolepose/devices/SerialInsoleSource.h"
#include "insolepose/devices/TcpInsoleServer.h"
#include "insolepose/devices/UdpInsoleSource.h"

#include <QUrl>
#include <QUrlQuery>

namespace insolepose::devices {

std::unique_ptr<InsoleSource> makeInsoleSource(const QString& spec, InsoleSize size, std::shared_ptr<FrameQueue> queue,
                                               QString* error)
{
    const QUrl url(spec);
    const QUrlQuery query(url);
    const QString scheme = url.scheme();
    if (!url.isValid() || scheme.isEmpty()) {
        *error =
            QStringLiteral(
                "'%1' is not a source URL (tcp://HOST:PORT, udp://HOST:PORT, serial:///dev/ttyX, replay:///SESSION)")
                .arg(spec);
        return nullptr;
    }
    const InsoleMapping mapping = InsoleMapping::forSize(size);
    // A positive whole number from the query, or `fallback` when absent; false (error set) when bad.
    auto positive = [&](const char* key, int fallback, int max, int* out) {
        if (!query.hasQueryItem(QString::fromLatin1(key))) {
            *out = fallback;
            return true;
        }
        bool ok = false;
        const QString text = query.queryItemValue(QString::fromLatin1(key));
        *out = text.toInt(&ok);
        if (ok && *out > 0 && *out <= max)
            return true;
        *error = QStringLiteral("'%1': %2=%3 must be a whole number from 1 to %4").arg(spec, key, text).arg(max);
        return false;
    };
    if (scheme == "tcp") {
        const QHostAddress host(url.host().isEmpty() ? QStringLiteral("127.0.0.1") : url.host());
        if (host.isNull()) {
            *error = QStringLiteral("'%1': the host must be an IP address to listen on").arg(spec);
            return nullptr;
        }
        TcpServerLimits limits;
        if (!positive("idle_ms", limits.idleTimeout_ms, 3'600'000, &limits.idleTimeout_ms) ||
            !positive("max_connections", limits.maxConnections, 1024, &limits.maxConnections) ||
            !positive("max_per_address", limits.maxPerAddress, 1024, &limits.maxPerAddress))
            return nullptr;
        return std::make_unique<TcpInsoleServer>(host, quint16(url.port(7000)),
                                                 FootPair<InsoleMapping>{mapping, mapping}, queue, limits);
    }
    if (scheme == "udp") {
        const QHostAddress host(url.host().isEmpty() ? QStringLiteral("127.0.0.1") : url.host());
        UdpSourceOptions options;
        if (query.hasQueryItem("from")) {
            options.allowedSender = QHostAddress(query.queryItemValue("from"));
            if (options.allowedSender.isNull()) {
                *error = QStringLiteral("'%1': from=%2 is not an IP address").arg(spec, query.queryItemValue("from"));
                return nullptr;
            }
        }
        return std::make_unique<UdpInsoleSource>(host, quint16(url.port(7001)), UdpLayout{}, queue, options);
    }
    if (scheme == "serial") {
        const Foot foot = query.queryItemValue("foot") == "right" ? Foot::Right : Foot::Left;
        const double rate = query.hasQueryItem("rate") ? query.queryItemValue("rate").toDouble() : 14.0;
        return std::make_unique<SerialInsoleSource>(url.path(), foot, rate, mapping, queue);
    }
    if (scheme == "replay") {
        const double speed = query.hasQueryItem("speed") ? query.queryItemValue("speed").toDouble() : 1.0;
        return std::make_unique<ReplaySource>(url.path().toStdString(), speed, query.queryItemValue("loop") == "1",
                                              queue);
    }
    *error = QStringLiteral("'%1': unknown source kind '%2'").arg(spec, scheme);
    return nullptr;
}

} // namespace insolepose::devices
