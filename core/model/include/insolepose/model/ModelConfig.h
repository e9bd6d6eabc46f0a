#pragma once
// The configuration of the 40-frame pose model (docs/REFERENCE.md section 3): "paper" reproduces the
// paper's layer table exactly; "lite" is a smaller network for fast training and live use; a JSON
// file can set any field. Errors: FormatError naming the field.
#include <QJsonObject>

#include <array>
#include <string>

namespace insolepose::model {

enum class LabelPosition { Centre, Last };

struct ModelConfig {
    std::string name = "paper";
    int window = 40; ///< Tactile frames per foot in one input window.
    LabelPosition label = LabelPosition::Centre; ///< Which frame of the window is predicted.
    int inputRows = 30, inputCols = 22; ///< Input resolution (the model grid).
    std::array<int, 4> encoderChannels{32, 64, 128, 256};
    int depthBins = 9; ///< Depth of the lifted feature volume.
    std::array<int, 3> decoderChannels{257, 128, 64}; ///< D1, D2, D3 outputs.
    float leakySlope = 0.01f;
    // Grid extents in metres of the normalised pose (x, y about the pelvis; z from the floor).
    float xMin = -1.0f, xMax = 1.0f, yMin = -1.0f, yMax = 1.0f, zMin = 0.0f, zMax = 2.0f;
    float heatmapSigma = 0.05f; ///< Label Gaussian sigma in normalised grid units.

    static ModelConfig paper();
    static ModelConfig lite();
    /// "paper", "lite" or a JSON file path. Throws Error / FormatError.
    static ModelConfig byName(const std::string& nameOrFile);
    QJsonObject toJson() const;
    static ModelConfig fromJson(const QJsonObject& json);
    /// Index of the predicted frame inside a window.
    int labelIndex() const { return label == LabelPosition::Centre ? window / 2 : window - 1; }
};

} // namespace insolepose::model
