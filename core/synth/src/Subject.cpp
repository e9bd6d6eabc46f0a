#include "insolepose/synth/Subject.h"

#include <QJsonArray>

#include <algorithm>
#include <cstdio>
#include <random>
#include <set>

namespace insolepose::synth {

QJsonObject Subject::toJson() const
{
    auto ints = [](const std::vector<int>& v) {
        QJsonArray a;
        for (int i : v)
            a.append(i);
        return a;
    };
    return QJsonObject{{"id", QString::fromStdString(id)},
                       {"height_m", height_m},
                       {"mass_kg", mass_kg},
                       {"foot_length_m", footLength_m},
                       {"insole", QString::fromUtf8(insoleSizeName(insole).data())},
                       {"sensitivity", QJsonArray{sensitivity[0], sensitivity[1]}},
                       {"dead_taxels", QJsonArray{ints(deadTaxels[0]), ints(deadTaxels[1])}},
                       {"stuck_taxels", QJsonArray{ints(stuckTaxels[0]), ints(stuckTaxels[1])}},
                       {"tempo", tempo},
                       {"amplitude", amplitude}};
}

Subject makeSubject(std::uint32_t seed, int index)
{
    std::mt19937 rng(seed * 7919u + static_cast<std::uint32_t>(index) * 104729u + 17u);
    std::uniform_real_distribution<float> u01(0.0f, 1.0f);
    auto uni = [&](float lo, float hi) { return lo + (hi - lo) * u01(rng); };
    auto jitter = [&](float s) { return 1.0f + s * (2.0f * u01(rng) - 1.0f); };

    Subject s;
    char id[16];
    std::snprintf(id, sizeof id, "S%02d", index + 1);
    s.id = id;
    s.height_m = uni(1.50f, 1.95f);
    const float h = s.height_m;
    // Body mass index 19..30 kept inside 45..100 kg.
    s.mass_kg = std::clamp(uni(19.0f, 30.0f) * h * h, 45.0f, 100.0f);
    // Proportions after Drillis & Contini (fractions of height), each jittered a little.
    s.thigh_m = 0.245f * h * jitter(0.04f);
    s.shank_m = 0.246f * h * jitter(0.04f);
    s.ankleHeight_m = 0.039f * h;
    s.hipWidth_m = 0.110f * h * jitter(0.08f);
    s.shoulderWidth_m = 0.220f * h * jitter(0.06f);
    s.trunk_m = 0.288f * h * jitter(0.04f);
    s.neckToNose_m = 0.105f * h;
    s.upperArm_m = 0.186f * h * jitter(0.04f);
    s.forearm_m = 0.146f * h * jitter(0.04f);
    s.footLength_m = 0.152f * h * jitter(0.03f);
    s.footWidth_m = 0.055f * h * jitter(0.05f);
    s.insole = s.footLength_m <= 0.25f ? InsoleSize::Small : InsoleSize::Large;
    s.sensitivity[0] = uni(0.9f, 1.1f);
    s.sensitivity[1] = uni(0.9f, 1.1f);
    s.tempo = uni(0.85f, 1.15f);
    s.amplitude = uni(0.85f, 1.15f);

    // A few broken taxels on the sole (rows 2..27, columns 5..16 are under the foot).
    for (int foot = 0; foot < 2; ++foot) {
        std::set<int> used;
        auto pick = [&] {
            for (;;) {
                const int r = 2 + int(u01(rng) * 26.0f);
                const int c = 5 + int(u01(rng) * 12.0f);
                const int i = r * kModelGrid.cols + std::min(c, 16);
                if (used.insert(i).second)
                    return i;
            }
        };
        const int dead = 1 + int(u01(rng) * 3.0f);
        for (int k = 0; k < dead; ++k)
            s.deadTaxels[foot].push_back(pick());
        if (u01(rng) < 0.5f)
            s.stuckTaxels[foot].push_back(pick());
        std::sort(s.deadTaxels[foot].begin(), s.deadTaxels[foot].end());
    }
    return s;
}

} // namespace insolepose::synth
