#pragma once
// TimelineWidget's layout and editing constants, shared by its drawing (TimelineWidget.cpp) and
// its mouse editing (TimelineEditing.cpp).
#include "insolepose/Time.h"

namespace insolepose::timeline {

constexpr int kRulerHeight = 20;
constexpr int kLabelHeight = 22;
constexpr int kTrackGap = 2;
constexpr int kMarkerHeight = 12;
constexpr int kMargin = 6;
constexpr int kSnapPx = 6; ///< Snapping and edge grabbing reach, in pixels.
constexpr int kClickPx = 3; ///< A press that moves less than this is a click.
constexpr TimeNs kMinSegment_ns = 10 * kNsPerMs;

} // namespace insolepose::timeline
