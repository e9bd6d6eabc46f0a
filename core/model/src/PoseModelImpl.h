#pragma once
// Internal (torch): what a PoseModel holds.
#include "PoseNet.h"
#include "insolepose/model/PoseModel.h"

namespace insolepose::model {

struct PoseModel::Impl {
    ModelConfig config;
    detail::PoseNet net{nullptr};
    QJsonObject metadata;
    std::filesystem::path file; ///< Where it was loaded from or last saved to (for messages).
};

} // namespace insolepose::model
