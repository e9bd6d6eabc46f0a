#pragma once
// One place that turns a source URL into an insole source, for the recorder CLI and the studio's
// live mode: tcp://HOST:PORT[?idle_ms=3000&max_connections=4&max_per_address=4] (WiFi boards
// connect here), udp://HOST:PORT[?from=SENDER_ADDRESS],
// serial:///dev/ttyX?foot=left&rate=14, replay:///SESSION?speed=1&loop=1.
// Errors: returns nullptr with `error` set to a message naming the URL and what is wrong.
#include "insolepose/devices/InsoleSource.h"

#include <memory>

namespace insolepose::devices {

std::unique_ptr<InsoleSource> makeInsoleSource(const QString& url, InsoleSize size, std::shared_ptr<FrameQueue> queue,
                                               QString* error);

} // namespace insolepose::devices
