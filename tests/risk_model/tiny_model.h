// A hand-written XGBoost model (1.7 JSON layout) small enough to score by hand: two features,
// two trees.
//   tree 0: f0 < 10 (missing: left)  -> leaf -0.4 (cover 3)
//                                    else f1 < 0.5 (missing: right) -> leaf 0.2 (cover 1)
//                                                                       else leaf 0.6 (cover 1)
//   tree 1: a single leaf 0.1 (cover 5)
// base_score 0.5, so the margin starts at 0. Node means: tree 0 root -0.08, its right child 0.4.
#pragma once

#include <string>

namespace oc::testing {

inline const std::string kTinyXgboostModel =
    R"({"learner":{"attributes":{},"feature_names":["price","mass"],"feature_types":["float","float"],"gradient_booster":{"model":{"gbtree_model_param":{"num_parallel_tree":"1","num_trees":"2","size_leaf_vector":"0"},"tree_info":[0,0],"trees":[{"base_weights":[-0.08,-0.4,0.4,0.2,0.6],"categories":[],"categories_nodes":[],"categories_segments":[],"categories_sizes":[],"default_left":[1,0,0,0,0],"id":0,"left_children":[1,-1,3,-1,-1],"loss_changes":[1.0,0.0,0.5,0.0,0.0],"parents":[2147483647,0,0,2,2],"right_children":[2,-1,4,-1,-1],"split_conditions":[10.0,-0.4,0.5,0.2,0.6],"split_indices":[0,0,1,0,0],"split_type":[0,0,0,0,0],"sum_hessian":[5.0,3.0,2.0,1.0,1.0],"tree_param":{"num_deleted":"0","num_feature":"2","num_nodes":"5","size_leaf_vector":"0"}},{"base_weights":[0.1],"categories":[],"categories_nodes":[],"categories_segments":[],"categories_sizes":[],"default_left":[0],"id":1,"left_children":[-1],"loss_changes":[0.0],"parents":[2147483647],"right_children":[-1],"split_conditions":[0.1],"split_indices":[0],"split_type":[0],"sum_hessian":[5.0],"tree_param":{"num_deleted":"0","num_feature":"2","num_nodes":"1","size_leaf_vector":"0"}}]},"name":"gbtree"},"learner_model_param":{"base_score":"5E-1","boost_from_average":"1","num_class":"0","num_feature":"2","num_target":"1"},"objective":{"name":"binary:logistic","reg_loss_param":{"scale_pos_weight":"1"}}},"version":[1,7,4]})";

}  // namespace oc::testing
