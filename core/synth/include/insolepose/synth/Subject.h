#pragma once
// A synthetic person: body size and proportions, mass, foot length (which picks the insole size)
// and the quirks of the pair of insoles they wear (sensitivity, dead and stuck taxels).
#include "insolepose/Tactile.h"

#include <QJsonObject>

#include <cstdint>
#include <string>
#include <vector>

namespace insolepose::synth {

struct Subject {
    std::string id; ///< "S01", "S02", ...
    float height_m = 1.75f; ///< 1.50 .. 1.95
    float mass_kg = 70.0f; ///< 45 .. 100
    // Segment lengths in metres (derived from height with per-subject proportion jitter).
    float hipWidth_m = 0.19f; ///< Distance between the hip joints.
    float shoulderWidth_m = 0.38f; ///< Distance between the shoulder joints.
    float thigh_m = 0.43f;
    float shank_m = 0.43f;
    float ankleHeight_m = 0.07f;
    float trunk_m = 0.50f; ///< Pelvis centre to shoulder midpoint.
    float neckToNose_m = 0.20f;
    float upperArm_m = 0.33f;
    float forearm_m = 0.26f; ///< Elbow to wrist.
    float footLength_m = 0.26f;
    float footWidth_m = 0.10f;
    InsoleSize insole = InsoleSize::Small;
    FootPair<float> sensitivity{1.0f, 1.0f}; ///< Per-foot sensor gain.
    FootPair<std::vector<int>> deadTaxels; ///< Read a constant baseline (model-grid indices).
    FootPair<std::vector<int>> stuckTaxels; ///< Read a constant high value.
    float tempo = 1.0f; ///< Movement speed factor (0.85 .. 1.15).
    float amplitude = 1.0f; ///< Movement range factor (0.85 .. 1.15).

    /// Standing height of the hip joints above the floor.
    float standingHipHeight() const { return ankleHeight_m + thigh_m + shank_m - 0.01f; }
    QJsonObject toJson() const;
};

/// Draws subject number `index` (0-based) for `seed`; the same pair always gives the same person.
Subject makeSubject(std::uint32_t seed, int index);

} // namespace insolepose::synth
