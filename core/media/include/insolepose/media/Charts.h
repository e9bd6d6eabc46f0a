#pragma once
// Plain PNG charts for reports written by the command line tool (evaluation, experiments, the
// action probe): grouped bar charts and an annotated matrix. No GUI needed.
// Errors: IoError when the PNG cannot be written; Error when the data do not fit the labels.
#include <filesystem>
#include <string>
#include <vector>

namespace insolepose {

struct BarSeries {
    std::string name;
    std::vector<double> values; ///< One per category.
};

/// A grouped bar chart: one group per category, one bar per series, values printed on the bars.
void writeBarChartPng(const std::filesystem::path& png, const std::string& title,
                      const std::vector<std::string>& categories, const std::vector<BarSeries>& series,
                      const std::string& valueLabel);

/// A square matrix (e.g. a confusion matrix, rows = truth, columns = prediction) shaded by each
/// row's share, with the counts printed in the cells.
void writeMatrixPng(const std::filesystem::path& png, const std::string& title, const std::vector<std::string>& labels,
                    const std::vector<std::vector<double>>& matrix, const std::string& rowAxis,
                    const std::string& columnAxis);

} // namespace insolepose
