#include "insolepose/CameraDevice.h"

namespace insolepose {

CameraDevice::~CameraDevice() = default;

} // namespace insolepose
