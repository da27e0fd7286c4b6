#!/usr/bin/env python3
"""Writes docs/openapi.json, the OpenAPI 3.1 description of the HTTP API.

The document is data the project maintains; this script is how it is kept consistent. Run it after
changing a route (src/api/routes.cpp) and commit both. tests/api/openapi_test.cpp checks that
every route in the router is documented here and nothing else is.
"""
import json
import pathlib

dec = {"type": "string", "pattern": r"^-?[0-9]+(\.[0-9]+)?$", "description": "decimal string"}
code = lambda pattern, desc: {"type": "string", "pattern": pattern, "description": desc}
party = {"type": "object", "additionalProperties": False, "required": ["id", "name"],
         "properties": {"id": {"type": "string", "minLength": 1, "maxLength": 35},
                        "name": {"type": "string", "minLength": 1, "maxLength": 256},
                        "country": code("^[A-Z]{2}$", "ISO 3166 alpha-2")}}
item = {"type": "object", "additionalProperties": False,
        "required": ["hs_code", "description", "origin", "quantity", "unit", "net_mass_kg",
                     "gross_mass_kg", "invoice_amount"],
        "properties": {"hs_code": code("^([0-9]{8}|[0-9]{10})$", "national tariff line"),
                       "description": {"type": "string", "minLength": 1, "maxLength": 512},
                       "origin": code("^[A-Z]{2}$", "ISO 3166 alpha-2"),
                       "quantity": dec, "unit": {"type": "string", "description": "UN/ECE Rec. 20"},
                       "net_mass_kg": dec, "gross_mass_kg": dec, "invoice_amount": dec,
                       "preference": {"type": "string", "default": "MFN"}}}
declaration = {
    "type": "object", "additionalProperties": False,
    "required": ["lrn", "type", "procedure", "declarant", "importer", "exporter", "office", "port",
                 "transport_mode", "trading_country", "incoterm", "currency", "items"],
    "properties": {
        "lrn": {"type": "string", "minLength": 1, "maxLength": 35},
        "type": {"enum": ["import", "export"]},
        "procedure": code("^[0-9]{4}$", "customs procedure code"),
        "declarant": {"type": "string", "minLength": 1, "maxLength": 35},
        "importer": party, "exporter": party,
        "office": code("^[0-9]{4}$", "customs office"),
        "port": code("^[A-Z]{2}[A-Z0-9]{3}$", "UN/LOCODE"),
        "transport_mode": {"enum": ["sea", "air", "road", "rail", "post", "pipeline", "other"]},
        "trading_country": code("^[A-Z]{2}$", "ISO 3166 alpha-2"),
        "departure_country": code("^[A-Z]{2}$", "ISO 3166 alpha-2"),
        "incoterm": {"enum": ["EXW", "FCA", "FOB", "CFR", "CIF", "CPT", "CIP", "DAP", "DPU", "DDP"]},
        "currency": code("^[A-Z]{3}$", "ISO 4217"),
        "freight": dec, "insurance": dec,
        "documents": {"type": "array", "maxItems": 99, "items": {
            "type": "object", "additionalProperties": False, "required": ["type", "id"],
            "properties": {"type": {"enum": ["invoice", "packing_list", "bill_of_lading", "air_waybill",
                                             "certificate_of_origin", "licence", "contract"]},
                           "id": {"type": "string", "minLength": 1, "maxLength": 35},
                           "agreement": {"type": "string"}}}},
        "items": {"type": "array", "minItems": 1, "maxItems": 999, "items": item}}}
errors = {"type": "object", "required": ["errors"], "properties": {"errors": {"type": "array", "items": {
    "type": "object", "required": ["code", "path", "message"],
    "properties": {"code": {"type": "string"}, "path": {"type": "string"}, "message": {"type": "string"}}}}}}
money = {"type": "string", "pattern": "^-?[0-9]+\\.[0-9]{2}$", "description": "CNY, exact, 2 decimals"}
tax = {"type": "object", "required": ["rate", "amount"],
       "properties": {"rate": {"type": ["string", "null"], "description": "e.g. 13%, 5%, 0.25 CNY/LTR"},
                      "amount": money}}
remedy = {"type": "object", "properties": {"measure": {"type": "string"}, "rate": {"type": "string"},
                                           "amount": money}}
totals = {"type": "object", "properties": {k: money for k in
          ["duty", "anti_dumping", "countervailing", "consumption_tax", "vat", "total"]}}
assessment = {
    "type": "object", "description": "docs/tariff.md: every figure in CNY, each tax rounded once, half up",
    "required": ["regime", "currency", "items", "totals"],
    "properties": {
        "regime": {"enum": ["general", "ecommerce", "postal", "hainan_first_line", "hainan_second_line", "export"]},
        "currency": {"const": "CNY"},
        "exchange_rate": {"type": "object", "properties": {"currency": {"type": "string"}, "month": {"type": "string"},
                                                           "cny_per_unit": {"type": "string"}}},
        "customs_value": money,
        "items": {"type": "array", "items": {"type": "object", "properties": {
            "seq": {"type": "integer"}, "tariff_line": {"type": "string"}, "customs_value": money,
            "duty": {"type": "object", "properties": {
                "basis": {"type": "string", "description": "general, mfn, provisional, conventional:AGREEMENT, special, "
                                                           "ecommerce, hainan_zero_tariff, hainan_value_added, postal:CATEGORY, export"},
                "rate": {"type": "string"}, "amount": money}},
            "anti_dumping": remedy, "countervailing": remedy,
            "consumption_tax": tax, "vat": tax,
            "normal": {"type": "object", "description": "e-commerce: the normal amounts before the 70% share",
                       "properties": {"consumption_tax": money, "vat": money}},
            "explanation": {"type": "array", "items": {"type": "string"}}}}},
        "totals": totals | {"description": "payable, after waivers"},
        "computed": totals | {"description": "the sums of the items, before waivers"},
        "waived": {"type": "array", "items": {"type": "object", "properties": {
            "tax": {"type": "string"}, "amount": money, "reason": {"type": "string"}}}},
        "ecommerce": {"type": "object"}, "hainan_value_added": {"type": "object"}}}
risk = {"type": "object", "description": "The lane decision and its record (docs/risk-rules.md, lane selection)",
        "properties": {"score": {"type": "string", "description": "model probability + rule weights, 0..1, 4 decimals"},
                       "rank": {"type": "string", "description": "share of the office's recent scores at or above this one"},
                       "rules": {"type": "array", "items": {"type": "string"}, "description": "ids of the fired rules"},
                       "reasons": {"type": "array", "items": {"type": "string"}},
                       "selection": {"enum": ["rule", "score", "random", "none"]},
                       "grade": {"enum": ["advanced_certified", "certified", "regular", "untrustworthy", "seriously_untrustworthy"]},
                       "whitelisted": {"type": "boolean"},
                       "rules_version": {"type": "string", "description": "SHA-256 of the rule file's text"},
                       "model": {"type": ["string", "null"]},
                       "features": {"type": "array", "items": {"type": "object", "properties": {
                           "name": {"type": "string"}, "contribution": {"type": "string"}}}}}}
line = {"type": "object", "additionalProperties": False, "required": ["item", "hs_code", "unit", "quantity"],
        "properties": {"item": {"type": "string", "maxLength": 64}, "hs_code": {"type": "string", "pattern": "^([0-9]{8}|[0-9]{10})$"},
                       "unit": {"type": "string"}, "origin": {"type": "string"},
                       "quantity": {"type": "string", "description": "decimal, up to 6 fraction digits; signed in corrections"},
                       "loss_rate": {"type": "string", "description": "processing inputs: share lost as waste, 0 <= r < 1"}}}
movement = {"type": "object", "additionalProperties": False, "required": ["id", "kind"],
            "properties": {"id": {"type": "string", "maxLength": 64},
                           "kind": {"enum": ["first_line_entry", "second_line_exit", "re_export", "transfer", "processing", "correction"]},
                           "lines": {"type": "array", "items": line, "maxItems": 1000},
                           "consume": {"type": "array", "items": line}, "produce": {"type": "array", "items": line},
                           "to": {"type": "object", "properties": {"zone": {"type": "string"}, "enterprise": {"type": "string"}}},
                           "reason": {"type": "string"}, "declaration": {"type": "object", "description": "declaration-v1"},
                           "value_added": {"type": "object", "properties": {k: {"type": "string"} for k in
                                           ["mainland_sale_price", "imported_materials", "domestic_materials"]}}}}
transit_view = {"type": "object", "properties": {"id": {"type": "string"}, "office": {"type": "string"},
                "status": {"enum": ["in_transit", "arrived", "closed", "alert"]}, "hold": {"type": "string"}, "seal": {"type": "string"},
                "arrived_at": {"type": ["string", "null"]}, "closed_at": {"type": ["string", "null"]}, "last_heard_at": {"type": "string"},
                "events": {"type": "integer"}, "alerts": {"type": "array", "items": {"type": "object"}}}}
refund_answer = {"type": "object", "properties": {k: {"type": "string"} for k in ["id", "refund_amount", "qr_payload", "qr_png", "qr_svg"]}}
allowance = {"type": "object", "properties": {"year": {"type": "integer"}} | {k: {"type": "string", "description": "CNY"} for k in ["limit", "used", "remaining"]}}
dutyfree_sale = {"type": "object", "properties": {"id": {"type": "string"}, "store": {"type": "string"},
                 "traveller": {"type": "object", "properties": {"id_number": {"type": "string", "description": "masked"}}},
                 "sold_at": {"type": "string", "format": "date-time"}, "total": {"type": "string"}, "allowance": allowance,
                 "items": {"type": "array", "items": {"type": "object", "properties": {k: {"type": "string"} for k in ["code", "category", "quantity", "unit", "price"]}}}}}
order_view = {"type": "object", "properties": {"id": {"type": "string"}, "platform": {"type": "string"},
              "status": {"enum": ["awaiting_documents", "mismatch", "matched", "cleared", "refused", "returned"]},
              "buyer": {"type": "object", "properties": {"id_number": {"type": "string", "description": "masked"}}},
              "missing": {"type": "array", "items": {"enum": ["order", "payment", "waybill"]}},
              "mismatches": {"type": "array", "items": {"type": "object", "properties": {k: {"type": "string"} for k in ["path", "expected", "got"]}}},
              "errors": {"type": "array", "items": {"type": "object"}, "description": "refused: why"},
              "declaration_id": {"type": "string"}, "lane": {"type": "string"}, "tax": {"type": "object"}, "cleared_at": {"type": "string"},
              "quota": {"type": "object", "properties": {"year": {"type": "integer"}, "drawn": {"type": "string"}}},
              "returned": {"type": "object", "properties": {k: {"type": "string"} for k in ["id", "at", "reason"]}}}}
document_answer = {"type": "object", "properties": {k: {"type": "string"} for k in ["id", "order_id", "order_status"]}}
postal_view = {"type": "object", "description": "The item's view; never the clear phone, identity number, name or address (docs/postal.md)",
               "properties": {"tracking_no": {"type": "string"}, "check_digit_valid": {"type": "boolean", "description": "the S10 check digit is right (a wrong one is taken: regimes-v1's own example has one)"},
                              "status": {"enum": ["awaiting_declaration", "awaiting_payment", "released", "returned"]},
                              "needed": {"type": "array", "items": {"enum": ["declaration", "payment"]}}, "origin": {"type": "string"},
                              "lodged_at": {"type": "string"}, "recipient": {"type": "object"}, "contents_declared_by": {"enum": ["operator", "recipient"]},
                              "contents": {"type": "array", "items": {"type": "object"}}, "tax": {"type": ["object", "null"]},
                              "payment": {"type": ["object", "null"]}, "refunds": {"type": "array", "items": {"type": "object"}},
                              "refunded": {"type": "string"}, "returned": {"type": ["object", "null"]}}}
movement_answer = {"type": "object", "properties": {"id": {"type": "string"}, "zone": {"type": "string"}, "enterprise": {"type": "string"},
                   "kind": {"type": "string"}, "at": {"type": "string"}, "declaration": {"type": "object", "description": "the lodging answer"}}}
answer = {"type": "object", "description": "The answer given at lodging; a replay returns it verbatim.",
          "properties": {"id": {"type": "string"}, "lrn": {"type": "string"}, "declarant": {"type": "string"},
                         "status": {"type": "string"}, "lane": {"enum": ["green", "yellow", "red", "blue"]},
                         "lodged_at": {"type": "string", "format": "date-time"},
                         "assessment": assessment,
                         "risk": risk}}
summary = {"type": "object", "properties": {k: {"type": "string"} for k in
           ["id", "lrn", "declarant", "importer", "exporter", "office", "status", "lane", "lodged_at"]} | {"event_count": {"type": "integer"}}}
event = {"type": "object", "properties": {"sequence": {"type": "integer"}, "declaration_id": {"type": "string"},
         "type": {"type": "string"}, "actor": {"type": "object", "properties": {"role": {"type": "string"}, "id": {"type": "string"}}},
         "at": {"type": "string", "format": "date-time"}, "payload": {"type": "object"}}}
token = {"type": "object", "properties": {"id": {"type": "string"}, "token": {"type": "string", "description": "shown once, at creation"},
         "role": {"enum": ["trader", "officer", "auditor", "admin"]}, "party": {"type": ["string", "null"]},
         "offices": {"type": "array", "items": {"type": "string"}}, "label": {"type": "string"},
         "created_at": {"type": "string"}, "revoked_at": {"type": ["string", "null"]}}}

ref = lambda name: {"$ref": f"#/components/schemas/{name}"}
def json_content(schema):
    return {"application/json": {"schema": schema}}
def resp(desc, schema=None):
    r = {"description": desc}
    if schema is not None:
        r["content"] = json_content(schema)
    return r
err = lambda desc: resp(desc, ref("Errors"))
id_param = {"name": "id", "in": "path", "required": True, "schema": {"type": "string", "pattern": "^D[0-9]{16}$"}}
common_errors = {"401": err("missing, unknown or revoked token"), "403": err("role may not call this route"),
                 "429": err("rate limit (Retry-After header)")}
object_errors = common_errors | {"404": err("no such declaration, or not yours (never 403, so existence does not leak)")}

def action(op, summary_text, roles, fields, extra=None):
    props = {f: {"type": "string"} for f in fields}
    body = {"type": "object", "additionalProperties": False, "properties": props}
    if extra:
        body["properties"] |= extra
    return {"post": {"operationId": op, "summary": summary_text, "description": f"Roles: {roles}.",
                     "parameters": [id_param],
                     "requestBody": {"required": False, "content": json_content(body)},
                     "responses": {"200": resp("the new state", ref("ActionResult")),
                                   "400": err("bad body or payload"),
                                   "409": err("not allowed from the current state (lifecycle.*) or a concurrent action (store.conflict)"),
                                   "415": err("body not application/json")} | object_errors}}

q = lambda name, desc, schema=None: {"name": name, "in": "query", "required": False,
                                     "description": desc, "schema": schema or {"type": "string"}}
paths = {
    "/healthz": {"get": {"operationId": "healthz", "summary": "Liveness", "security": [],
                         "responses": {"200": resp("alive")}}},
    "/readyz": {"get": {"operationId": "readyz", "summary": "Readiness (the store answers)", "security": [],
                        "responses": {"200": resp("ready"), "503": err("store unavailable")}}},
    "/metrics": {"get": {"operationId": "metrics", "summary": "Prometheus metrics", "security": [],
                         "responses": {"200": {"description": "text exposition format 0.0.4",
                                               "content": {"text/plain": {"schema": {"type": "string"}}}}}}},
    "/v1/openapi.json": {"get": {"operationId": "openapi", "summary": "This document", "security": [],
                                 "responses": {"200": resp("OpenAPI 3.1")}}},
    "/v1/declarations": {
        "post": {"operationId": "lodge_declaration", "summary": "Lodge a goods declaration",
                 "description": "Roles: trader (the token's party must be declarant, importer or exporter). "
                                "Validated, assessed and routed to a lane, stored atomically.",
                 "parameters": [{"name": "Idempotency-Key", "in": "header", "required": False,
                                 "schema": {"type": "string", "minLength": 1, "maxLength": 255},
                                 "description": "a retry with the same key and body returns the first answer; "
                                                "another body -> 422; while the first is in flight -> 409"}],
                 "requestBody": {"required": True, "content": json_content(ref("Declaration"))},
                 "responses": {"201": resp("accepted", ref("Answer")),
                               "200": resp("the same (declarant, lrn, body) was lodged before: the original answer", ref("Answer")),
                               "400": err("every validation error at once"),
                               "409": err("lodging.lrn_conflict or idempotency.in_flight"),
                               "413": err("body over 1 MiB"), "415": err("not application/json"),
                               "422": err("Idempotency-Key reused with another body")} | common_errors},
        "get": {"operationId": "list_declarations", "summary": "List declarations, newest first",
                "description": "Roles: trader (own party), officer (own offices), auditor.",
                "parameters": [q("status", "lifecycle status"), q("lane", "green|yellow|red|blue"),
                               q("office", "customs office"), q("from", "lodged at or after (date or UTC timestamp)"),
                               q("to", "lodged before"), q("cursor", "next_cursor of the previous page"),
                               q("limit", "page size, 1..500 (larger values are capped)", {"type": "integer"})],
                "responses": {"200": resp("a page", {"type": "object", "properties": {
                    "declarations": {"type": "array", "items": ref("DeclarationSummary")},
                    "next_cursor": {"type": ["string", "null"]}, "limit": {"type": "integer"}}}),
                    "400": err("bad query parameter")} | common_errors}},
    "/v1/declarations/{id}": {"get": {"operationId": "get_declaration", "summary": "One declaration with its answer",
                                      "description": "Roles: trader, officer, auditor.", "parameters": [id_param],
                                      "responses": {"200": resp("the declaration", {"type": "object"})} | object_errors}},
    "/v1/declarations/{id}/events": {"get": {"operationId": "get_events", "summary": "The declaration's events",
                                             "description": "Roles: trader, officer, auditor.", "parameters": [id_param],
                                             "responses": {"200": resp("events in order", {"type": "object", "properties": {
                                                 "events": {"type": "array", "items": ref("Event")}}})} | object_errors}},
    "/v1/declarations/{id}/amend": action("amend", "Amend (trader)", "trader", ["reason"], {"declaration": ref("Declaration")}),
    "/v1/declarations/{id}/cancel": action("cancel", "Cancel (trader)", "trader", ["reason"]),
    "/v1/declarations/{id}/submit-documents": action("submit_documents", "Submit requested documents", "trader", ["note"]),
    "/v1/declarations/{id}/document-review": action("start_document_review", "Start the document review", "officer", []),
    "/v1/declarations/{id}/request-documents": action("request_documents", "Request documents from the trader", "officer", ["documents"]),
    "/v1/declarations/{id}/accept-documents": action("accept_documents", "Accept the documents (compliant)", "officer", ["note"]),
    "/v1/declarations/{id}/inspection": action("start_inspection", "Start the physical inspection", "officer", ["note"]),
    "/v1/declarations/{id}/findings": action("record_findings", "Record inspection findings", "officer", ["outcome", "note"]),
    "/v1/declarations/{id}/payment": action("record_payment", "Record duty payment", "officer", ["reference"]),
    "/v1/declarations/{id}/guarantee": action("record_guarantee", "Record a guarantee", "officer", ["reference"]),
    "/v1/declarations/{id}/release": action("release", "Release the goods", "officer", ["note"]),
    "/v1/declarations/{id}/exit": action("confirm_exit", "Confirm exit", "officer", ["note"]),
    "/v1/declarations/{id}/reject": action("reject", "Reject the declaration", "officer", ["reason"]),
    "/v1/stats/clearance-times": {"get": {"operationId": "clearance_times", "summary": "Median and p90 clearance time per link",
                                          "description": "Roles: officer (own offices), auditor.",
                                          "parameters": [q("office", "customs office"), q("from", "lodged at or after"), q("to", "lodged before")],
                                          "responses": {"200": resp("per link", {"type": "object"}), "400": err("bad query")} | common_errors}},
    "/v1/reference/hs/{code}": {"get": {"operationId": "reference_hs", "summary": "HS nomenclature lookup",
                                        "parameters": [{"name": "code", "in": "path", "required": True, "schema": {"type": "string"}}],
                                        "responses": {"200": resp("the description", {"type": "object"}),
                                                      "400": err("not 2/4/6/8/10 digits"), "404": err("unknown code")} | common_errors}},
    "/v1/tokens": {
        "post": {"operationId": "create_token", "summary": "Create an API token (shown once)", "description": "Roles: admin.",
                 "requestBody": {"required": True, "content": json_content({"type": "object", "additionalProperties": False,
                     "required": ["role"], "properties": {"role": {"enum": ["trader", "officer", "auditor", "admin"]},
                     "party": {"type": "string"}, "offices": {"type": "array", "items": {"type": "string"}}, "label": {"type": "string"}}})},
                 "responses": {"201": resp("the token, with its secret", ref("Token")), "400": err("bad binding")} | common_errors},
        "get": {"operationId": "list_tokens", "summary": "List tokens (no secrets)", "description": "Roles: admin.",
                "responses": {"200": resp("tokens", {"type": "object", "properties": {"tokens": {"type": "array", "items": ref("Token")}}})} | common_errors}},
    "/v1/tokens/{id}": {"delete": {"operationId": "revoke_token", "summary": "Revoke a token", "description": "Roles: admin.",
                                   "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                                   "responses": {"200": resp("revoked", ref("Token")), "404": err("no such token")} | common_errors}},
    "/v1/audit": {"get": {"operationId": "audit_log", "summary": "The hash-chained audit log", "description": "Roles: auditor, admin.",
                          "parameters": [q("after", "sequence to start after", {"type": "integer"}), q("limit", "1..500", {"type": "integer"})],
                          "responses": {"200": resp("entries", {"type": "object"})} | common_errors}},
    "/v1/zones/{zone}/accounts/{enterprise}/movements": {
        "post": {"operationId": "zone_movement", "summary": "A goods-account movement (regimes-v1)",
                 "description": "Roles: trader (its own enterprise). Client id per account: a replay answers 200 with the first answer; the same id with another body 409 movement.exists_with_different_content. A movement that would take a stock line below zero: 422 stock.insufficient with the line's path. A second_line_exit carries a declaration-v1 body, lodged in the movement's transaction; its answer (with the assessment) comes back under declaration. docs/zones.md.",
                 "parameters": [{"name": "zone", "in": "path", "required": True, "schema": {"type": "string"}},
                                {"name": "enterprise", "in": "path", "required": True, "schema": {"type": "string"}}],
                 "requestBody": {"required": True, "content": json_content(movement)},
                 "responses": {"201": resp("applied", movement_answer), "200": resp("a replay: the first answer", movement_answer),
                               "400": err("bad body or declaration"), "404": err("no such account visible to the caller"),
                               "409": err("same id, other content"), "422": err("stock.insufficient, stock.line_mismatch, a regime's rule")} | common_errors},
        "get": {"operationId": "zone_movements", "summary": "Movements touching the account, oldest first",
                "description": "Roles: trader (own), officer (the zone's office), auditor.",
                "parameters": [{"name": "zone", "in": "path", "required": True, "schema": {"type": "string"}},
                               {"name": "enterprise", "in": "path", "required": True, "schema": {"type": "string"}},
                               q("cursor", "next_after of the previous page", {"type": "integer"}), q("limit", "1..500", {"type": "integer"})],
                "responses": {"200": resp("a page", {"type": "object"}), "404": err("no such account visible to the caller")} | common_errors}},
    "/v1/zones/{zone}/accounts/{enterprise}/balances": {
        "get": {"operationId": "zone_balances", "summary": "The account's stock lines",
                "description": "Roles: trader (own), officer (the zone's office), auditor.",
                "parameters": [{"name": "zone", "in": "path", "required": True, "schema": {"type": "string"}},
                               {"name": "enterprise", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": resp("lines", {"type": "object", "properties": {"lines": {"type": "array", "items": {
                    "type": "object", "properties": {k: {"type": "string"} for k in ["item", "hs_code", "unit", "quantity"]}}}}}),
                              "404": err("no such account visible to the caller")} | common_errors}},
    "/v1/transits": {"post": {"operationId": "register_transit", "summary": "Register a transit under e-seal (regimes-v1)",
                              "description": "Roles: trader (the destination enterprise). 201 created, 200 replay, 409 same id with other content. docs/transit.md.",
                              "requestBody": {"required": True, "content": json_content({"type": "object", "description": "regimes-v1: id, from, to, seal, deadline, corridor {points, width_m}, goods [lines], destination_account {zone, enterprise}"})},
                              "responses": {"201": resp("the transit", transit_view), "200": resp("a replay", transit_view),
                                            "400": err("bad body"), "409": err("other content")} | common_errors}},
    "/v1/transits/{id}": {"get": {"operationId": "get_transit", "summary": "A transit's status and alerts",
                                  "description": "Roles: trader (destination enterprise), officer (the destination zone's office), auditor.",
                                  "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                                  "responses": {"200": resp("the transit", transit_view), "404": err("unknown or not visible")} | common_errors}},
    "/v1/transits/{id}/seal-events": {"post": {"operationId": "seal_event", "summary": "An e-seal event (any order; idempotent by id)",
                                               "description": "Roles: trader (destination enterprise), officer. An arrival with an intact seal closes the transit and writes its goods into the destination account.",
                                               "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                                               "requestBody": {"required": True, "content": json_content({"type": "object", "properties": {
                                                   "id": {"type": "string"}, "type": {"enum": ["sealed", "position", "opened", "tamper", "battery_low"]},
                                                   "at": {"type": "string"}, "lat": {"type": "string"}, "lon": {"type": "string"}}})},
                                               "responses": {"201": resp("the transit after it", transit_view), "200": resp("a replay", transit_view),
                                                             "400": err("bad event"), "404": err("unknown transit"), "409": err("other content")} | common_errors}},
    "/v1/transits/{id}/alerts/{alert}/resolve": {"post": {"operationId": "resolve_alert", "summary": "An officer resolves an alert",
                                                          "description": "Roles: officer of the transit's office. A resolved blocking alert lets the transit close.",
                                                          "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                                                                         {"name": "alert", "in": "path", "required": True, "schema": {"type": "string"}}],
                                                          "responses": {"200": resp("the transit", transit_view), "404": err("unknown transit or alert")} | common_errors}},
    "/v1/alerts": {"get": {"operationId": "list_alerts", "summary": "Transit alerts for officers",
                           "description": "Roles: officer (own offices), auditor.",
                           "parameters": [q("office", "customs office"), q("open", "true (default) or false"), q("limit", "1..1000", {"type": "integer"})],
                           "responses": {"200": resp("alerts", {"type": "object"})} | common_errors}},
    "/v1/taxrefund/forms": {"post": {"operationId": "issue_refund_form", "summary": "A store issues a departure tax refund form (regimes-v1)",
                                     "description": "Roles: trader (the store). 201 with the refund amount and the signed QR payload; 200 replay; 409 same id, other content; 422 form.below_minimum and the other rules. docs/taxrefund.md.",
                                     "requestBody": {"required": True, "content": json_content({"type": "object", "description": "id, store, date, traveller {passport, nationality, entry_date}, items [{description, vat_rate, amount_incl_vat}]"})},
                                     "responses": {"201": resp("issued", refund_answer), "200": resp("a replay", refund_answer),
                                                   "409": err("other content"), "422": err("a rule refused it")} | common_errors}},
    "/v1/taxrefund/forms/{id}/qr.png": {"get": {"operationId": "refund_qr_png", "summary": "The form's QR code as PNG",
                                                "description": "Roles: trader (the store), officer, auditor.",
                                                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                                                "responses": {"200": {"description": "image/png", "content": {"image/png": {}}}, "404": err("unknown form")} | common_errors}},
    "/v1/taxrefund/forms/{id}/qr.svg": {"get": {"operationId": "refund_qr_svg", "summary": "The form's QR code as SVG",
                                                "description": "Roles: trader (the store), officer, auditor.",
                                                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                                                "responses": {"200": {"description": "image/svg+xml", "content": {"image/svg+xml": {}}}, "404": err("unknown form")} | common_errors}},
    "/v1/taxrefund/verifications": {"post": {"operationId": "verify_refund", "summary": "Verify a form at the exit port",
                                             "description": "Roles: officer. Once per form, atomically; 409 form.already_verified (saying when); 422 form.signature_invalid, form.payload_malformed, form.expired, form.not_departing.",
                                             "requestBody": {"required": True, "content": json_content({"type": "object", "required": ["qr_payload", "port", "departing_at"],
                                                 "properties": {"qr_payload": {"type": "string"}, "port": {"type": "string"}, "departing_at": {"type": "string", "format": "date-time"}}})},
                                             "responses": {"200": resp("verified", {"type": "object", "properties": {k: {"type": "string"} for k in
                                                 ["form_id", "refund_amount", "cash_max", "bank_card", "verified_at"]}}),
                                                           "404": err("unknown form"), "409": err("verified before"), "422": err("a rule refused it")} | common_errors}},
    "/v1/dutyfree/sales": {"post": {"operationId": "dutyfree_sale", "summary": "A duty-free shop records a sale (offshore duty-free, regimes-v1)",
                                    "description": "Roles: trader (the shop; the sale's store must be its party). The traveller's identity number is stored only as a keyed hash. In one transaction: eligibility (16+, leaving the island within 180 days), per-purchase category limits, the 100,000 CNY yearly allowance drawn, each traceability code registered. 201 the sale with the allowance after it; 200 replay; 409 sale.exists_with_different_content or code.exists; 422 traveller.not_eligible, category_limit.exceeded, allowance.exceeded. docs/dutyfree.md.",
                                    "requestBody": {"required": True, "content": json_content({"type": "object", "description": "id, store, traveller {id_number, birth_date, leaving {by, date}}, items [{code, category, quantity, unit, price}]"})},
                                    "responses": {"201": resp("recorded", dutyfree_sale), "200": resp("a replay", dutyfree_sale),
                                                  "409": err("other content, or a code sold before"), "422": err("a rule refused it")} | common_errors}},
    "/v1/dutyfree/travellers/{id_number}/allowance": {"get": {"operationId": "dutyfree_allowance", "summary": "A traveller's duty-free allowance for a year",
                                    "description": "Roles: trader (shops), officer, auditor. The number in the path is hashed at once; the audit log keeps it masked.",
                                    "parameters": [{"name": "id_number", "in": "path", "required": True, "schema": {"type": "string"}}, q("year", "calendar year (default: this year, China Standard Time)", {"type": "integer"})],
                                    "responses": {"200": resp("the allowance", allowance)} | common_errors}},
    "/v1/dutyfree/pickups": {"post": {"operationId": "dutyfree_pickup", "summary": "Hand over a sold item at the pick-up point",
                                      "description": "Roles: trader (the selling shop, its own codes only), officer. Once per code, atomically: a second pick-up is 409 code.already_picked_up saying when; an unknown code (or another shop's) is 404 code.not_found.",
                                      "requestBody": {"required": True, "content": json_content({"type": "object", "required": ["code", "at"], "additionalProperties": False,
                                          "properties": {"code": {"type": "string", "maxLength": 64}, "at": {"type": "string", "format": "date-time"}}})},
                                      "responses": {"200": resp("picked up", {"type": "object", "properties": {k: {"type": "string"} for k in ["code", "sale", "picked_up_at", "recorded_at"]}}),
                                                    "404": err("unknown code"), "409": err("picked up before")} | common_errors}},
    "/v1/ecommerce/orders": {"post": {"operationId": "ecommerce_order", "summary": "A platform sends an order (cross-border e-commerce, regimes-v1)",
                                      "description": "Roles: trader (the platform; the order's platform must be its party). Documents arrive in any order; the order's view answers: awaiting_documents (missing), mismatch (every disagreeing field), or — when all three agree — cleared (the declaration lodged, the e-commerce taxes, the quota drawn) or refused (the rule's errors, e.g. ecommerce.transaction_limit_exceeded, ecommerce.annual_limit_exceeded). 201; 200 replay; 409 order.exists_with_different_content. docs/ecommerce.md.",
                                      "requestBody": {"required": True, "content": json_content({"type": "object", "description": "id, platform, procedure (1210|1239|9610), buyer {id_number, name, phone}, items [{sku, hs_code, description, quantity, unit, price[, origin][, net_mass_kg]}], freight, total, currency CNY[, insurance]"})},
                                      "responses": {"201": resp("the order's view", order_view), "200": resp("a replay", order_view),
                                                    "409": err("other content")} | common_errors}},
    "/v1/ecommerce/payments": {"post": {"operationId": "ecommerce_payment", "summary": "A payment company sends the order's payment",
                                        "description": "Roles: trader. The latest payment of an order is the one matched; a corrected payment is sent under a new id. 409 payment.exists_with_different_content, ecommerce.order_closed (the order is cleared, refused or returned).",
                                        "requestBody": {"required": True, "content": json_content({"type": "object", "description": "id, order_id, payer_id_number, amount, paid_at[, payment_company]"})},
                                        "responses": {"201": resp("received", document_answer), "200": resp("a replay", document_answer),
                                                      "409": err("other content, or the order is closed")} | common_errors}},
    "/v1/ecommerce/waybills": {"post": {"operationId": "ecommerce_waybill", "summary": "A logistics company sends the order's waybill",
                                        "description": "Roles: trader. As payments. Optional goods (items [{sku, quantity}]) are matched against the order's.",
                                        "requestBody": {"required": True, "content": json_content({"type": "object", "description": "id, order_id, logistics_company, consignee {name, phone}[, items][, departure_country]"})},
                                        "responses": {"201": resp("received", document_answer), "200": resp("a replay", document_answer),
                                                      "409": err("other content, or the order is closed")} | common_errors}},
    "/v1/ecommerce/orders/{id}": {"get": {"operationId": "get_ecommerce_order", "summary": "An order's status, missing documents, mismatches, declaration and tax",
                                          "description": "Roles: trader (the platform), officer (of the channel's office), auditor; others 404.",
                                          "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                                          "responses": {"200": resp("the view", order_view), "404": err("unknown order")} | common_errors}},
    "/v1/ecommerce/orders/{id}/returns": {"post": {"operationId": "ecommerce_return", "summary": "The platform records the return of a cleared order",
                                                   "description": "Roles: trader (the platform). Within 30 days of clearance (GACC 2020 No. 45) the order's value goes back to the buyer's quota, once. 201; 200 replay; 409 ecommerce.order_not_cleared, ecommerce.order_returned; 422 ecommerce.return_window_closed.",
                                                   "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                                                   "requestBody": {"required": True, "content": json_content({"type": "object", "required": ["id", "at"], "additionalProperties": False,
                                                       "properties": {"id": {"type": "string"}, "at": {"type": "string", "format": "date-time"}, "reason": {"type": "string", "maxLength": 256}}})},
                                                   "responses": {"201": resp("returned", order_view), "200": resp("a replay", order_view), "404": err("unknown order"),
                                                                 "409": err("not cleared, or returned before"), "422": err("past the window")} | common_errors}},
    "/v1/ecommerce/quota/{id_number}": {"get": {"operationId": "ecommerce_quota", "summary": "A buyer's yearly e-commerce quota",
                                                "description": "Roles: trader (platforms), officer, auditor. The number is hashed at once; the audit log keeps it masked.",
                                                "parameters": [{"name": "id_number", "in": "path", "required": True, "schema": {"type": "string"}}, q("year", "calendar year (default: this year, China Standard Time)", {"type": "integer"})],
                                                "responses": {"200": resp("the quota", allowance)} | common_errors}},
    "/v1/postal/items": {"post": {"operationId": "postal_item", "summary": "The postal operator lodges an item (one-stop postal platform, regimes-v1)",
                                  "description": "Roles: trader (the postal operator). The recipient's phone is stored only as a keyed hash. 201 the item's view; 200 replay; 409 item.exists_with_different_content; 422 postal.unknown_category. docs/postal.md.",
                                  "requestBody": {"required": True, "content": json_content({"type": "object", "description": "tracking_no, origin, sender {name, address[, country]}, recipient {name, phone, address}, contents [{description, category, quantity, value, currency}]"})},
                                  "responses": {"201": resp("lodged", postal_view), "200": resp("a replay", postal_view),
                                                "409": err("other content"), "422": err("unknown category")} | common_errors}},
    "/v1/postal/items/{tracking_no}": {"get": {"operationId": "get_postal_item", "summary": "An item's customs status and what is needed",
                                                "description": "No token needed: the recipient proves with ?phone= (a wrong phone answers 404 exactly like an unknown item; 5 wrong phones for one item in 15 minutes lock it for the rest of the window: 429 postal.too_many_attempts). With a token: the operator (own items), officers, auditors.",
                                                "security": [{}, {"bearer": []}],
                                                "parameters": [{"name": "tracking_no", "in": "path", "required": True, "schema": {"type": "string", "description": "UPU S10, e.g. EE123456785CN"}}, q("phone", "the phone number on the item (the recipient's proof)")],
                                                "responses": {"200": resp("the view", postal_view), "404": err("unknown item or wrong phone")} | common_errors}},
    "/v1/postal/items/{tracking_no}/declaration": {"post": {"operationId": "postal_declaration", "summary": "The recipient's supplementary declaration; the postal tax is assessed",
                                                "description": "No token needed (the phone in the body is the proof); or a trader proving the phone. The recipient's contents are assessed at the postal rates (13/20/50%, 50 CNY or less waived, 1,000 CNY limit, 800 from HK/MO/TW). 201 the view (awaiting_payment, or released when nothing is payable); 200 replay; 409 postal.state_conflict; 422 postal.parcel_value_exceeded, postal.unknown_category.",
                                                "security": [{}, {"bearer": []}],
                                                "parameters": [{"name": "tracking_no", "in": "path", "required": True, "schema": {"type": "string", "description": "UPU S10, e.g. EE123456785CN"}}],
                                                "requestBody": {"required": True, "content": json_content({"type": "object", "description": "phone, id_number, name, contents [{description, category, quantity, value, currency}]"})},
                                                "responses": {"201": resp("assessed", postal_view), "200": resp("a replay", postal_view), "404": err("unknown item or wrong phone"),
                                                              "409": err("not awaiting a declaration"), "422": err("a rule refused it")} | common_errors}},
    "/v1/postal/items/{tracking_no}/payment": {"post": {"operationId": "postal_payment", "summary": "The recipient pays the postal tax",
                                                "description": "No token needed (phone in the body). Exactly the tax payable (422 postal.payment_amount_mismatch); once (409 postal.state_conflict); the item is released.",
                                                "security": [{}, {"bearer": []}],
                                                "parameters": [{"name": "tracking_no", "in": "path", "required": True, "schema": {"type": "string", "description": "UPU S10, e.g. EE123456785CN"}}],
                                                "requestBody": {"required": True, "content": json_content({"type": "object", "description": "phone, amount, method (wechat|alipay|unionpay|bank_card), reference"})},
                                                "responses": {"201": resp("paid", postal_view), "200": resp("a replay", postal_view), "404": err("unknown item or wrong phone"),
                                                              "409": err("not awaiting payment"), "422": err("not the amount payable")} | common_errors}},
    "/v1/postal/items/{tracking_no}/receipt": {"get": {"operationId": "postal_receipt", "summary": "The payment receipt as a PDF",
                                                "description": "As the item's view: ?phone= without a token, or the operator, officers, auditors. 409 postal.not_paid.",
                                                "security": [{}, {"bearer": []}],
                                                "parameters": [{"name": "tracking_no", "in": "path", "required": True, "schema": {"type": "string", "description": "UPU S10, e.g. EE123456785CN"}}, q("phone", "the phone number on the item (the recipient's proof)")],
                                                "responses": {"200": {"description": "application/pdf (Content-Disposition: attachment)", "content": {"application/pdf": {}}},
                                                              "404": err("unknown item or wrong phone"), "409": err("not paid")} | common_errors}},
    "/v1/postal/items/{tracking_no}/refund-requests": {"post": {"operationId": "postal_refund_request", "summary": "The recipient asks for a refund of postal tax paid",
                                                "description": "No token needed (phone in the body). One pending at a time (409 postal.refund_pending), at most what was paid less what was refunded (422 postal.refund_exceeds_paid).",
                                                "security": [{}, {"bearer": []}],
                                                "parameters": [{"name": "tracking_no", "in": "path", "required": True, "schema": {"type": "string", "description": "UPU S10, e.g. EE123456785CN"}}],
                                                "requestBody": {"required": True, "content": json_content({"type": "object", "description": "id, phone, reason, amount"})},
                                                "responses": {"201": resp("requested", postal_view), "200": resp("a replay", postal_view), "404": err("unknown item or wrong phone"),
                                                              "409": err("a conflict with the state"), "422": err("a rule refused it")} | common_errors}},
    "/v1/postal/items/{tracking_no}/refund-requests/{id}/review": {"post": {"operationId": "postal_refund_review", "summary": "An officer approves or rejects a refund request",
                                                "description": "Roles: officer. A rejection must give a reason.",
                                                "parameters": [{"name": "tracking_no", "in": "path", "required": True, "schema": {"type": "string", "description": "UPU S10, e.g. EE123456785CN"}}, {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                                                "requestBody": {"required": True, "content": json_content({"type": "object", "description": "decision (approved|rejected)[, reason]"})},
                                                "responses": {"201": resp("reviewed", postal_view), "200": resp("a replay", postal_view), "404": err("unknown item or refund"),
                                                              "409": err("not pending")} | common_errors}},
    "/v1/postal/items/{tracking_no}/return": {"post": {"operationId": "postal_return", "summary": "Return the item to its sender",
                                                "description": "The recipient (no token; refused_by_recipient with the phone), the operator (its items) or an officer. Before release; after a paid release only once the tax is refunded in full. 409 postal.state_conflict; 422 postal.return_reason.",
                                                "security": [{}, {"bearer": []}],
                                                "parameters": [{"name": "tracking_no", "in": "path", "required": True, "schema": {"type": "string", "description": "UPU S10, e.g. EE123456785CN"}}],
                                                "requestBody": {"required": True, "content": json_content({"type": "object", "description": "reason (refused_by_recipient|unpaid|prohibited|undeliverable)[, phone]"})},
                                                "responses": {"201": resp("returned", postal_view), "200": resp("a replay", postal_view), "404": err("unknown item or wrong phone"),
                                                              "409": err("a conflict with the state"), "422": err("a rule refused it")} | common_errors}},
    "/v1/risk/rules": {"get": {"operationId": "risk_rules", "summary": "The targeting rules in force",
                               "description": "Roles: officer, auditor, admin. The rule set's SHA-256 and every rule (docs/risk-rules.md).",
                               "responses": {"200": resp("rules", {"type": "object", "properties": {
                                   "rules_version": {"type": "string"},
                                   "rules": {"type": "array", "items": {"type": "object", "properties": {
                                       k: {"type": "string"} for k in ["id", "name", "action", "valid_from", "owner", "because"]} | {
                                       "valid_to": {"type": ["string", "null"]}}}}}})} | common_errors}},
    "/v1/risk/rules/reload": {"post": {"operationId": "reload_risk_rules", "summary": "Re-read the rules file and swap it in",
                                       "description": "Roles: admin. Lodgings in flight finish on the old set; a file with errors keeps the old set (also: SIGHUP).",
                                       "responses": {"200": resp("the new set", {"type": "object", "properties": {
                                           "rules_version": {"type": "string"}, "rules": {"type": "integer"}}}),
                                                     "422": err("the file does not parse or check; every error, old set kept")} | common_errors}},
}
document = {
    "openapi": "3.1.0",
    "info": {"title": "OpenCustoms API", "version": "1",
             "description": "Goods declarations, lanes and clearance. Every error body is {\"errors\":[{code,path,message}]}; codes in docs/errors.md."},
    "servers": [{"url": "http://127.0.0.1:8080"}],
    "security": [{"bearer": []}],
    "paths": paths,
    "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
                   "schemas": {"Declaration": declaration, "Errors": errors, "Answer": answer,
                               "DeclarationSummary": summary, "Event": event, "Token": token,
                               "ActionResult": {"type": "object", "properties": {"id": {"type": "string"}, "status": {"type": "string"},
                                                "lane": {"type": ["string", "null"]}, "event_count": {"type": "integer"}, "event": ref("Event")}}}},
}
out = pathlib.Path(__file__).resolve().parent.parent / "docs" / "openapi.json"
out.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n")
print("wrote", out)
