#pragma once
// Opens a camera for the recording pipeline. The camera implementation (OpenCV) is in the media
// library, loaded on the first call, so that programs that never open a camera (for example
// `insolepose record` without --camera, or `record --help`) start without OpenCV's video
// libraries (docs/ARCHITECTURE.md, Programs). Errors: returns nullptr with `error` naming what
// could not be loaded.
#include "insolepose/CameraDevice.h"
#include "insolepose/Time.h"

#include <filesystem>
#include <memory>

namespace insolepose::devices {

/// A camera worker for `source` ("0" = device index, a video file or a URL) that writes
/// `folder/<name>.mkv` and its timestamps (an empty folder: preview only); see CameraRecorder.
std::unique_ptr<CameraDevice> makeCamera(const QString& source, const std::filesystem::path& folder,
                                         const QString& name, TimeNs clockOrigin_ns, bool loop, QString* error);

} // namespace insolepose::devices
